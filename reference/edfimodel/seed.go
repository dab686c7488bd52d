package edfimodel

import (
	"fmt"
	"strconv"
)

// Seeded education organizations and years (the Grand Bend sample district).
const (
	SeedServiceCenter        = 19255901
	SeedLocalEducationAgency = 255901
	SeedSchool               = 255901001 // Grand Bend High School
	SeedOtherSchool          = 255901044 // Grand Bend Middle School
	SeedElementarySchool     = 255901107 // Grand Bend Elementary School
	SeedSchoolYear           = 2022
	FirstSchoolYear          = 1991
	LastSchoolYear           = 2050
	// SeedClient is recorded as the creator of seeded documents.
	SeedClient = "seed"
)

// SeedDescriptors lists the seeded code values per descriptor type (without
// the "Descriptor" suffix), all in the uri://ed-fi.org namespace.
var SeedDescriptors = map[string][]string{
	"AbsenceEventCategory":                      {"Compensatory leave time", "Personal", "Sick Leave", "Vacation"},
	"AcademicSubject":                           {"English Language Arts", "Mathematics", "Science", "Social Studies"},
	"AccountType":                               {"Balance Sheet", "Expenditure", "Revenue"},
	"AddressType":                               {"Mailing", "Physical"},
	"AssessmentCategory":                        {"Benchmark test", "State summative assessment"},
	"AssessmentIdentificationSystem":            {"State", "Test Contractor"},
	"AssessmentReportingMethod":                 {"Percentile", "Raw score", "Scale score"},
	"AttendanceEventCategory":                   {"Excused Absence", "In Attendance", "Tardy", "Unexcused Absence"},
	"CalendarType":                              {"IEP", "School", "Student Specific"},
	"CharterStatus":                             {"Not a Charter School", "School Charter"},
	"ClassroomPosition":                         {"Assistant Teacher", "Support Teacher", "Teacher of Record"},
	"EducationOrganizationCategory":             {"Education Service Center", "Local Education Agency", "Other", "School"},
	"EducationOrganizationIdentificationSystem": {"LEA", "NCES", "School", "SEA"},
	"EmploymentStatus":                          {"Probationary", "Tenured or permanent"},
	"EntryType":                                 {"Next year school", "Transfer from a private school"},
	"GradeLevel": {"Kindergarten", "First grade", "Second grade", "Third grade", "Fourth grade",
		"Fifth grade", "Sixth grade", "Seventh grade", "Eighth grade", "Ninth grade", "Tenth grade",
		"Eleventh grade", "Twelfth grade"},
	"GradePointAverageType":        {"Unweighted", "Weighted"},
	"GraduationPlanType":           {"Distinguished", "Recommended", "Standard"},
	"LocalEducationAgencyCategory": {"Independent", "Regular public school district"},
	"OperationalStatus":            {"Active", "Closed", "New"},
	"ProgramType":                  {"Bilingual", "Bilingual Summer", "Career and Technical Education", "Special Education"},
	"ReportingTag":                 {"LEA", "School", "State"},
	"ResidencyStatus": {"Resident of admin unit and school area",
		"Resident of admin unit but other school area", "Resident of another state"},
	"ResultDatatypeType":  {"Decimal", "Integer", "Level", "Percentile", "Range"},
	"SchoolType":          {"Alternative", "Regular", "Special Education"},
	"Sex":                 {"Female", "Male"},
	"StaffClassification": {"Principal", "Teacher"},
	"StateAbbreviation":   {"TX"},
	"Term":                {"Fall Semester", "Spring Semester", "Summer Semester", "Year Round"},
}

// DescriptorURI builds a seeded descriptor value:
// DescriptorURI("Term", "Fall Semester") is
// "uri://ed-fi.org/TermDescriptor#Fall Semester".
func DescriptorURI(descriptor, code string) string {
	return "uri://ed-fi.org/" + descriptor + "Descriptor#" + code
}

type obj = map[string]any

func list(items ...obj) []any {
	out := make([]any, len(items))
	for i, it := range items {
		out[i] = it
	}
	return out
}

func schoolRef(id int64) obj    { return obj{"schoolId": id} }
func edOrgRef(id int64) obj     { return obj{"educationOrganizationId": id} }
func yearRef(year int64) obj    { return obj{"schoolYear": year} }
func studentRef(uid string) obj { return obj{"studentUniqueId": uid} }
func category(code string) []any {
	return list(obj{"educationOrganizationCategoryDescriptor": DescriptorURI("EducationOrganizationCategory", code)})
}
func gradeLevel(codes ...string) []any {
	out := make([]any, len(codes))
	for i, c := range codes {
		out[i] = obj{"gradeLevelDescriptor": DescriptorURI("GradeLevel", c)}
	}
	return out
}

var seedSection = obj{
	"localCourseCode": "ALG-1", "schoolId": int64(SeedSchool), "schoolYear": int64(SeedSchoolYear),
	"sectionIdentifier": "25590100102Trad220ALG112011", "sessionName": "2021-2022 Fall Semester",
}

// seedDocuments is the sample dataset beyond descriptors and school years,
// in dependency order.
func seedDocuments() []struct {
	resource string
	body     obj
} {
	type doc = struct {
		resource string
		body     obj
	}
	school := func(id int64, name, short string, grades ...string) doc {
		return doc{"School", obj{
			"schoolId": id, "nameOfInstitution": name, "shortNameOfInstitution": short,
			"localEducationAgencyReference":   obj{"localEducationAgencyId": int64(SeedLocalEducationAgency)},
			"educationOrganizationCategories": category("School"),
			"gradeLevels":                     gradeLevel(grades...),
			"operationalStatusDescriptor":     DescriptorURI("OperationalStatus", "Active"),
			"schoolTypeDescriptor":            DescriptorURI("SchoolType", "Regular"),
		}}
	}
	student := func(uid, first, last, birth, sex string) doc {
		return doc{"Student", obj{"studentUniqueId": uid, "firstName": first, "lastSurname": last, "birthDate": birth,
			"birthCity": "Grand Bend", "birthSexDescriptor": DescriptorURI("Sex", sex)}}
	}
	enrol := func(uid string, school int64, grade string) doc {
		return doc{"StudentSchoolAssociation", obj{
			"studentReference": studentRef(uid), "schoolReference": schoolRef(school), "entryDate": "2021-08-23",
			"entryGradeLevelDescriptor": DescriptorURI("GradeLevel", grade),
		}}
	}
	classPeriod := func(name string, school int64) doc {
		return doc{"ClassPeriod", obj{"classPeriodName": name, "schoolReference": schoolRef(school),
			"meetingTimes": list(obj{"startTime": "08:15:00", "endTime": "09:05:00"})}}
	}
	return []doc{
		{"EducationServiceCenter", obj{"educationServiceCenterId": int64(SeedServiceCenter),
			"nameOfInstitution": "Region 99 Education Service Center", "categories": category("Education Service Center")}},
		{"LocalEducationAgency", obj{"localEducationAgencyId": int64(SeedLocalEducationAgency),
			"nameOfInstitution": "Grand Bend ISD", "shortNameOfInstitution": "GBISD",
			"categories":                             category("Local Education Agency"),
			"localEducationAgencyCategoryDescriptor": DescriptorURI("LocalEducationAgencyCategory", "Independent"),
			"educationServiceCenterReference":        obj{"educationServiceCenterId": int64(SeedServiceCenter)}}},
		school(SeedSchool, "Grand Bend High School", "GBHS", "Ninth grade", "Tenth grade", "Eleventh grade", "Twelfth grade"),
		school(SeedOtherSchool, "Grand Bend Middle School", "GBMS", "Sixth grade", "Seventh grade", "Eighth grade"),
		school(SeedElementarySchool, "Grand Bend Elementary School", "GBES", "Kindergarten", "First grade", "Second grade"),
		student("604821", "John", "Doe", "2014-11-13", "Male"),
		student("604822", "Madison", "Johnson", "2006-09-02", "Female"),
		student("604823", "Lisa", "Woods", "2009-03-21", "Female"),
		student("604874", "Amy", "Garcia", "2006-12-15", "Female"),
		{"Staff", obj{"staffUniqueId": "207270", "firstName": "Barry", "lastSurname": "Peterson"}},
		{"StaffEducationOrganizationEmploymentAssociation", obj{
			"educationOrganizationReference": edOrgRef(SeedSchool), "staffReference": obj{"staffUniqueId": "207270"},
			"employmentStatusDescriptor": DescriptorURI("EmploymentStatus", "Tenured or permanent"), "hireDate": "2010-08-01"}},
		{"Calendar", obj{"calendarCode": "2010605675", "schoolReference": schoolRef(SeedElementarySchool),
			"schoolYearTypeReference": yearRef(SeedSchoolYear), "calendarTypeDescriptor": DescriptorURI("CalendarType", "Student Specific")}},
		{"GraduationPlan", obj{"educationOrganizationReference": edOrgRef(SeedLocalEducationAgency),
			"graduationPlanTypeDescriptor":      DescriptorURI("GraduationPlanType", "Standard"),
			"graduationSchoolYearTypeReference": yearRef(2026), "totalRequiredCredits": 26.0}},
		enrol("604821", SeedElementarySchool, "Second grade"),
		enrol("604822", SeedSchool, "Tenth grade"),
		enrol("604823", SeedOtherSchool, "Eighth grade"),
		enrol("604874", SeedSchool, "Tenth grade"),
		{"StudentEducationOrganizationAssociation", obj{"studentReference": studentRef("604822"),
			"educationOrganizationReference": edOrgRef(SeedLocalEducationAgency)}},
		classPeriod("01 - Traditional", SeedSchool),
		classPeriod("02 - Traditional", SeedSchool),
		classPeriod("01 - Traditional", SeedOtherSchool),
		{"CourseOffering", obj{"localCourseCode": "ALG-1", "schoolReference": schoolRef(SeedSchool),
			"schoolYearTypeReference": yearRef(SeedSchoolYear), "sessionName": seedSection["sessionName"],
			"localCourseTitle": "Algebra I"}},
		{"Section", obj{"courseOfferingReference": obj{"localCourseCode": "ALG-1", "schoolId": int64(SeedSchool),
			"schoolYear": int64(SeedSchoolYear), "sessionName": seedSection["sessionName"]},
			"sectionIdentifier": seedSection["sectionIdentifier"], "sectionName": "Algebra I",
			"classPeriods": list(obj{"classPeriodReference": obj{"classPeriodName": "01 - Traditional", "schoolId": int64(SeedSchool)}})}},
		{"StaffSectionAssociation", obj{"sectionReference": seedSection, "staffReference": obj{"staffUniqueId": "207270"},
			"beginDate": "2021-08-23", "classroomPositionDescriptor": DescriptorURI("ClassroomPosition", "Teacher of Record")}},
		{"StudentSectionAttendanceEvent", obj{"sectionReference": seedSection, "studentReference": studentRef("604822"),
			"eventDate": "2021-09-01", "eventDuration": 1.0,
			"attendanceEventCategoryDescriptor": DescriptorURI("AttendanceEventCategory", "In Attendance")}},
		{"StudentAcademicRecord", obj{"educationOrganizationReference": edOrgRef(SeedSchool),
			"schoolYearTypeReference": yearRef(SeedSchoolYear), "studentReference": studentRef("604874"),
			"termDescriptor":     DescriptorURI("Term", "Fall Semester"),
			"gradePointAverages": list(obj{"gradePointAverageTypeDescriptor": DescriptorURI("GradePointAverageType", "Unweighted"), "gradePointAverageValue": 3.8571, "isCumulative": true})}},
		{"Program", obj{"educationOrganizationReference": edOrgRef(SeedLocalEducationAgency),
			"programName": "Bilingual Summer", "programTypeDescriptor": DescriptorURI("ProgramType", "Bilingual Summer"), "programId": "2"}},
		{"AcademicWeek", obj{"schoolReference": schoolRef(SeedSchool), "weekIdentifier": "identifier-one",
			"beginDate": "2023-09-11", "endDate": "2023-09-15", "totalInstructionalDays": int64(5)}},
		{"FundDimension", obj{"code": "1", "fiscalYear": int64(SeedSchoolYear), "codeName": "General Fund"}},
		{"SourceDimension", obj{"code": "1000", "fiscalYear": int64(SeedSchoolYear), "codeName": "Local Sources"}},
		{"Assessment", obj{"assessmentIdentifier": "ELA-BENCHMARK-1", "namespace": "uri://ed-fi.org/Assessment/Assessment.xml",
			"assessmentTitle":  "3rd Grade Reading 1st Six Weeks 2021-2022",
			"academicSubjects": list(obj{"academicSubjectDescriptor": DescriptorURI("AcademicSubject", "English Language Arts")}),
			"scores": list(obj{"assessmentReportingMethodDescriptor": DescriptorURI("AssessmentReportingMethod", "Percentile"),
				"maximumScore": "99", "minimumScore": "1"})}},
	}
}

// Seed fills a store with the sample dataset: every descriptor value of
// SeedDescriptors, school years FirstSchoolYear..LastSchoolYear and the
// Grand Bend district with its schools, people and associations.
func Seed(s *Store) error {
	put := s.putValid
	for _, name := range DescriptorNames {
		for _, code := range SeedDescriptors[name] {
			body := obj{"codeValue": code, "shortDescription": code, "description": code,
				"namespace": "uri://ed-fi.org/" + name + "Descriptor"}
			if err := put(name+"Descriptor", body); err != nil {
				return err
			}
		}
	}
	for y := int64(FirstSchoolYear); y <= LastSchoolYear; y++ {
		body := obj{"schoolYear": y, "currentSchoolYear": y == SeedSchoolYear,
			"schoolYearDescription": strconv.FormatInt(y-1, 10) + "-" + strconv.FormatInt(y, 10)}
		if err := put("SchoolYearType", body); err != nil {
			return err
		}
	}
	for _, d := range seedDocuments() {
		if err := put(d.resource, d.body); err != nil {
			return err
		}
	}
	return nil
}

// putValid validates body as resource name and stores it as the seed
// client's.
func (s *Store) putValid(name string, body obj) error {
	r := s.model.Resource(name)
	doc, issues := s.model.Validate(r, body)
	if len(issues) > 0 {
		return fmt.Errorf("seed %s: %s at %s", name, issues[0].Kind, issues[0].Path)
	}
	if missing := s.MissingDescriptors(r, doc); len(missing) > 0 {
		return fmt.Errorf("seed %s: descriptor %s does not exist", name, missing[0].Value)
	}
	// Validate built doc afresh, so the store may keep it without a copy.
	_, _, err := s.upsert(r, doc, SeedClient, func(doc map[string]any) map[string]any { return doc })
	return err
}

// NewSeededStore returns a store over the default model holding the sample
// dataset.
func NewSeededStore() (*Store, error) { return NewSeededStoreFor(Default()) }

// NewSeededStoreFor returns a store over m holding the sample dataset.
func NewSeededStoreFor(m *Model) (*Store, error) {
	s := NewStore(m)
	if err := Seed(s); err != nil {
		return nil, err
	}
	return s, nil
}
