package coursekey

import (
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for in, want := range map[string]bool{
		"1/8/2030": true, "01/08/2030": true, "12/31/2030": true, "2/29/2028": true,
		"2/29/2030": false, "13/1/2030": false, "0/1/2030": false, "1/8/30": false, "2030-01-08": false, "1-8-2030": false, "": false,
	} {
		if _, ok := parseDate(in); ok != want {
			t.Errorf("parseDate(%q) ok=%v, want %v", in, ok, want)
		}
	}
}

func TestParseClock(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"9:00": 9 * time.Hour, "09:05": 9*time.Hour + 5*time.Minute, "23:59:59": 24*time.Hour - time.Second, "0:00": 0,
	} {
		if got, ok := parseClock(in); !ok || got != want {
			t.Errorf("parseClock(%q) = %v %v, want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"24:00", "9:60", "9:5", "9", "9:00:60", "9:00 AM", "T09:00"} {
		if _, ok := parseClock(in); ok {
			t.Errorf("parseClock(%q) accepted", in)
		}
	}
}

func TestLoadZone(t *testing.T) {
	for _, name := range []string{"America/Chicago", "Europe/Berlin", "UTC", "Pacific/Chatham"} {
		if _, ok := loadZone(name); !ok {
			t.Errorf("loadZone(%q) rejected", name)
		}
	}
	for _, name := range []string{"", "Local", "CST6", "America/Nowhere", "../etc/passwd"} {
		if _, ok := loadZone(name); ok {
			t.Errorf("loadZone(%q) accepted", name)
		}
	}
}

func TestIsEmail(t *testing.T) {
	for in, want := range map[string]bool{
		"ada@school.example.edu": true, "o'brien+sis@k12.us": true, "A.B@X.IO": true,
		"ada@localhost": false, "ada.school.edu": false, "@school.edu": false, "ada@.edu": false,
		"ada..b@school.edu": false, "ada @school.edu": false, "ada@school.e": false,
	} {
		if got := isEmail(in); got != want {
			t.Errorf("isEmail(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestValidateAddCode(t *testing.T) {
	for in, want := range map[string]string{
		"Bio-101":                    "",
		`a~-_.!*\(),`:                "",
		"2024":                       "AddCode must contain at least one non-numeric character.",
		"Bio 101":                    "only these characters",
		"Bio;101":                    "only these characters",
		"Bïo":                        "only these characters",
		"abcdefghijklmnopqrstuvwxy":  "",
		"abcdefghijklmnopqrstuvwxyz": "less than 26",
	} {
		err := validateAddCode(in)
		switch {
		case want == "" && err != nil:
			t.Errorf("validateAddCode(%q) = %q", in, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("validateAddCode(%q) = %v, want %q", in, err, want)
		}
	}
}
