package edfimodel

import (
	"fmt"
	"os"
	"runtime"
	"strconv"

	"github.com/edconform/edconform/reference"
)

// PreloadEnv names the environment variable that fills the Ed-Fi-model
// reference servers' stores with that many documents beyond the sample
// dataset (EDCONFORM_REFERENCE_PRELOAD=30000), so a suite can be run
// against a store of realistic size.
const PreloadEnv = "EDCONFORM_REFERENCE_PRELOAD"

// PreloadDistrict is the local education agency that half the preloaded
// schools belong to; no client claims it, so they are out of reach.
const PreloadDistrict = 7_000_000_000

// preloadBlock is the mix of one preloaded school: its students and their
// enrolments, staff and their employment, class periods and a descriptor
// value, in dependency order. Every tenth block also adds an agency.
var preloadBlock = []struct {
	resource string
	count    int
}{
	{"AcademicSubjectDescriptor", 2},
	{"School", 1},
	{"Student", 35},
	{"StudentSchoolAssociation", 35},
	{"StudentEducationOrganizationAssociation", 10},
	{"Staff", 6},
	{"StaffEducationOrganizationEmploymentAssociation", 6},
	{"ClassPeriod", 5},
}

// NewReferenceStore returns the store an Ed-Fi-model reference server
// starts with: the sample dataset over the model the modes ask for, plus
// the documents PreloadEnv asks for.
func NewReferenceStore(o reference.Options) (*Store, error) {
	s, err := NewSeededStoreFor(ForModes(o))
	if err != nil {
		return nil, err
	}
	if raw := os.Getenv(PreloadEnv); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("%s=%q is not a number of documents", PreloadEnv, raw)
		}
		if err := Preload(s, n); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Preload adds n documents to a seeded store, in blocks of one school with
// its people and associations (see preloadBlock). Half the schools belong
// to the seeded agency, so the seeded clients reach them and their people;
// the other half to PreloadDistrict. Identities are made up so they meet
// none the suites create.
func Preload(s *Store, n int) error {
	added := 0
	put := func(name string, body obj) error {
		if added == n {
			return nil
		}
		added++
		return s.putValid(name, body)
	}
	district := obj{"localEducationAgencyId": int64(PreloadDistrict), "nameOfInstitution": "Preload ISD",
		"categories":                             category("Local Education Agency"),
		"localEducationAgencyCategoryDescriptor": DescriptorURI("LocalEducationAgencyCategory", "Independent")}
	if err := put("LocalEducationAgency", district); err != nil {
		return err
	}
	for block := 0; added < n; block++ {
		school := int64(PreloadDistrict + 1 + block)
		agency := int64(SeedLocalEducationAgency)
		if block%2 == 1 {
			agency = PreloadDistrict
		}
		for _, part := range preloadBlock {
			for i := range part.count {
				if err := put(part.resource, preloadDocument(part.resource, block, i, school, agency)); err != nil {
					return err
				}
			}
		}
	}
	// Building the store left garbage several times its size; collected
	// now, the next collection is due at twice what the store holds.
	runtime.GC()
	return nil
}

func preloadDocument(resource string, block, i int, school, agency int64) obj {
	student := fmt.Sprintf("P%d-%d", block, i)
	staff := fmt.Sprintf("PS%d-%d", block, i)
	switch resource {
	case "AcademicSubjectDescriptor":
		code := fmt.Sprintf("Preload subject %d-%d", block, i)
		return obj{"codeValue": code, "shortDescription": code, "namespace": "uri://preload.example/AcademicSubjectDescriptor"}
	case "School":
		return obj{"schoolId": school, "nameOfInstitution": fmt.Sprintf("Preload School %d", block),
			"localEducationAgencyReference":   obj{"localEducationAgencyId": agency},
			"educationOrganizationCategories": category("School"),
			"gradeLevels":                     gradeLevel("Ninth grade", "Tenth grade"),
		}
	case "Student":
		return obj{"studentUniqueId": student, "firstName": "Pat", "lastSurname": fmt.Sprintf("Preload%d", i),
			"birthDate": "2009-04-" + fmt.Sprintf("%02d", 1+i%28), "birthSexDescriptor": DescriptorURI("Sex", "Female")}
	case "StudentSchoolAssociation":
		return obj{"studentReference": studentRef(student), "schoolReference": schoolRef(school),
			"entryDate": "2021-08-23", "entryGradeLevelDescriptor": DescriptorURI("GradeLevel", "Ninth grade")}
	case "StudentEducationOrganizationAssociation":
		return obj{"studentReference": studentRef(student), "educationOrganizationReference": edOrgRef(school)}
	case "Staff":
		return obj{"staffUniqueId": staff, "firstName": "Sam", "lastSurname": fmt.Sprintf("Preload%d", i)}
	case "StaffEducationOrganizationEmploymentAssociation":
		return obj{"educationOrganizationReference": edOrgRef(school), "staffReference": obj{"staffUniqueId": staff},
			"employmentStatusDescriptor": DescriptorURI("EmploymentStatus", "Probationary"), "hireDate": "2015-08-01"}
	case "ClassPeriod":
		return obj{"classPeriodName": fmt.Sprintf("%02d - Preload", i+1), "schoolReference": schoolRef(school),
			"meetingTimes": list(obj{"startTime": "08:15:00", "endTime": "09:05:00"})}
	}
	panic("edfimodel: no preload document for " + resource)
}
