package packaging_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// No container engine runs here, so the Dockerfile is checked for what a
// build would trip on: stages, COPY sources that exist and that
// .dockerignore keeps, the paths the final stage copies and runs, a
// non-root user.
func TestTheDockerfileIsConsistent(t *testing.T) {
	t.Parallel()
	root := repoRoot(t)
	stages := dockerStages(t, filepath.Join(root, "Dockerfile"))
	if len(stages) < 2 {
		t.Fatalf("%d stages; the image is built in one and shipped from another", len(stages))
	}
	ignored := dockerIgnored(t, filepath.Join(root, ".dockerignore"))
	built := map[string]bool{}
	var distDir string
	for i, st := range stages {
		for _, c := range st.copies {
			if c.from != "" {
				if !built[c.from] {
					t.Errorf("stage %d copies from %q, no earlier stage", i, c.from)
				} else if distDir == "" || !strings.HasPrefix(c.src, distDir) {
					t.Errorf("stage %d copies %s from %s, which builds into %q", i, c.src, c.from, distDir)
				}
				continue
			}
			if c.src == "." {
				// The whole tree: the build needs every Go file and
				// what make dist reads.
				for _, f := range append(trackedGoFiles(t, root), "Makefile", "go.mod", "go.sum") {
					if pattern := ignoredBy(ignored, f); pattern != "" {
						t.Errorf("COPY . leaves out %s (.dockerignore: %s)", f, pattern)
					}
				}
				continue
			}
			if pattern := ignoredBy(ignored, c.src); pattern != "" {
				t.Errorf("COPY %s: .dockerignore leaves it out (%s)", c.src, pattern)
			}
			if _, err := os.Stat(filepath.Join(root, c.src)); err != nil {
				t.Errorf("COPY %s: %v", c.src, err)
			}
		}
		for _, r := range st.runs {
			if _, dir, ok := strings.Cut(r, "make dist "); ok && strings.Contains(dir, "DIST=") {
				distDir = strings.Fields(dir[strings.Index(dir, "DIST=")+len("DIST="):])[0]
			}
		}
		if st.name != "" {
			built[st.name] = true
		}
	}
	if distDir == "" {
		t.Error("no stage runs make dist with DIST=")
	}
	final := stages[len(stages)-1]
	if final.user == "" || final.user == "root" || final.user == "0" {
		t.Errorf("the final stage runs as %q", final.user)
	}
	entry := final.entrypoint
	var shipped bool
	for _, c := range final.copies {
		if c.dest == entry {
			shipped = c.src == "scripts/docker-entrypoint.sh"
		}
	}
	if !shipped {
		t.Errorf("ENTRYPOINT %q is not the entry script copied into the final stage", entry)
	}
}

type dockerCopy struct{ from, src, dest string }

type dockerStage struct {
	name       string
	copies     []dockerCopy
	runs       []string
	user       string
	entrypoint string
}

// dockerStages reads the instructions the test checks, joining continued
// lines.
func dockerStages(t *testing.T, path string) []dockerStage {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var stages []dockerStage
	text := strings.ReplaceAll(string(raw), "\\\n", " ")
	for _, line := range strings.Split(text, "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		if strings.EqualFold(fields[0], "FROM") {
			st := dockerStage{}
			if len(fields) == 4 && strings.EqualFold(fields[2], "AS") {
				st.name = fields[3]
			}
			stages = append(stages, st)
			continue
		}
		if len(stages) == 0 {
			continue
		}
		st := &stages[len(stages)-1]
		switch strings.ToUpper(fields[0]) {
		case "COPY":
			c := dockerCopy{}
			args := fields[1:]
			for len(args) > 0 && strings.HasPrefix(args[0], "--") {
				if from, ok := strings.CutPrefix(args[0], "--from="); ok {
					c.from = from
				}
				args = args[1:]
			}
			if len(args) < 2 {
				t.Fatalf("COPY needs a source and a destination: %s", line)
			}
			c.dest = args[len(args)-1]
			for _, src := range args[:len(args)-1] {
				c.src = strings.TrimPrefix(src, "./")
				st.copies = append(st.copies, c)
			}
		case "RUN":
			st.runs = append(st.runs, strings.Join(fields[1:], " "))
		case "USER":
			st.user = fields[1]
		case "ENTRYPOINT":
			st.entrypoint = strings.Trim(strings.Join(fields[1:], " "), `[]" `)
		}
	}
	return stages
}

// ignoredBy returns the .dockerignore pattern that leaves path out: one
// matching it or a folder above it.
func ignoredBy(patterns []string, path string) string {
	for p := filepath.Clean(path); p != "." && p != "/"; p = filepath.Dir(p) {
		for _, pattern := range patterns {
			if ok, _ := filepath.Match(filepath.Clean(pattern), p); ok {
				return pattern
			}
		}
	}
	return ""
}

func trackedGoFiles(t *testing.T, root string) []string {
	t.Helper()
	cmd := exec.Command("git", "ls-files", "--cached", "--others", "--exclude-standard", "*.go")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	files := strings.Fields(string(out))
	if len(files) == 0 {
		t.Fatal("git lists no Go files")
	}
	return files
}

func dockerIgnored(t *testing.T, path string) []string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var patterns []string
	for _, line := range strings.Split(string(raw), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			patterns = append(patterns, line)
		}
	}
	return patterns
}

// The image's entry script runs the binary VENDOR names, with the
// arguments and exit code passed through.
func TestTheImagesEntryScriptRunsTheVendorsBinary(t *testing.T) {
	t.Parallel()
	binary := edfiBinary(t)
	script := filepath.Join(repoRoot(t), "scripts", "docker-entrypoint.sh")
	binDir := "EDCONFORM_BIN_DIR=" + filepath.Dir(binary)
	run := runIn(t, t.TempDir(), []string{binDir, "VENDOR=edfi"}, "sh", script, "--version")
	if run.code != 0 || strings.TrimSpace(run.output) != "edconform "+testVersion {
		t.Errorf("VENDOR=edfi --version: exit %d, %q", run.code, run.output)
	}
	run = runIn(t, t.TempDir(), []string{binDir, "VENDOR=edfi"}, "sh", script, "--profile=missing.yaml")
	if run.code != 2 || !strings.Contains(run.output, "missing.yaml") {
		t.Errorf("the suite's failure did not pass through: exit %d\n%s", run.code, run.output)
	}
	run = runIn(t, t.TempDir(), []string{binDir, "VENDOR=nobody"}, "sh", script)
	if run.code != 2 || !strings.Contains(run.output, "known: edfi") {
		t.Errorf("VENDOR=nobody: exit %d, %q", run.code, run.output)
	}
}

// The image and the Action run their scripts directly, so git must keep
// them executable.
func TestTheScriptsAreExecutableInGit(t *testing.T) {
	t.Parallel()
	cmd := exec.Command("git", "ls-files", "--stage", "scripts")
	cmd.Dir = repoRoot(t)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	modes := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if fields := strings.Fields(line); len(fields) == 4 {
			modes[fields[3]] = fields[0]
		}
	}
	for _, script := range []string{"scripts/docker-entrypoint.sh", "scripts/edconform-action.sh"} {
		if modes[script] != "100755" {
			t.Errorf("%s: git mode %q, not 100755", script, modes[script])
		}
	}
}
