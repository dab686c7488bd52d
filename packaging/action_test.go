package packaging_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/edconform/edconform/harness/report"
	"github.com/edconform/edconform/harness/suitetest"
)

// action is the part of a composite action's metadata the steps use.
type action struct {
	Inputs map[string]struct {
		Default  string `yaml:"default"`
		Required bool   `yaml:"required"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Value string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string       `yaml:"using"`
		Steps []actionStep `yaml:"steps"`
	} `yaml:"runs"`
}

type actionStep struct {
	ID    string            `yaml:"id"`
	If    string            `yaml:"if"`
	Uses  string            `yaml:"uses"`
	Run   string            `yaml:"run"`
	Shell string            `yaml:"shell"`
	Env   map[string]string `yaml:"env"`
	With  map[string]string `yaml:"with"`
}

// actionRun is what a job sees of one use of the action.
type actionRun struct {
	code      int
	outputs   map[string]string
	workspace string
	// reached lists the steps GitHub would run, `uses:` ones included.
	reached []string
	log     string
}

var expression = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)

// runAction runs the action's `run:` steps with bash as GitHub runs them,
// faking the runner's environment; `uses:` steps are GitHub's own actions
// (setup-go, upload-artifact) and are only checked and logged.
func runAction(t *testing.T, inputs map[string]string) actionRun {
	t.Helper()
	return runActionIn(t, t.TempDir(), inputs)
}

func runActionIn(t *testing.T, workspace string, inputs map[string]string) actionRun {
	t.Helper()
	root := repoRoot(t)
	raw, err := os.ReadFile(filepath.Join(root, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a action
	if err := yaml.Unmarshal(raw, &a); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	if a.Runs.Using != "composite" {
		t.Fatalf("runs.using is %q, not composite", a.Runs.Using)
	}
	values := map[string]string{}
	for name, in := range a.Inputs {
		values[name] = in.Default
	}
	for name, v := range inputs {
		if _, ok := a.Inputs[name]; !ok {
			t.Fatalf("action.yml has no input %q", name)
		}
		values[name] = v
	}
	for name, in := range a.Inputs {
		if in.Required && values[name] == "" {
			t.Fatalf("required input %q not given", name)
		}
	}
	run := actionRun{outputs: map[string]string{}, workspace: workspace}
	stepOutputs := map[string]map[string]string{}
	var value func(expr string) string
	eval := func(text string) string {
		return expression.ReplaceAllStringFunc(text, func(m string) string {
			// a || b: the first that is not empty.
			for _, expr := range strings.Split(expression.FindStringSubmatch(m)[1], "||") {
				if v := value(strings.TrimSpace(expr)); v != "" {
					return v
				}
			}
			return ""
		})
	}
	value = func(expr string) string {
		m := "${{ " + expr + " }}"
		switch parts := strings.Split(expr, "."); {
		case len(parts) == 2 && parts[0] == "inputs":
			if _, ok := a.Inputs[parts[1]]; !ok {
				t.Fatalf("%s names no input", m)
			}
			return values[parts[1]]
		case len(parts) == 4 && parts[0] == "steps" && parts[2] == "outputs":
			if !slices.ContainsFunc(a.Runs.Steps, func(s actionStep) bool { return s.ID == parts[1] }) {
				t.Fatalf("%s names no step", m)
			}
			return stepOutputs[parts[1]][parts[3]]
		case expr == "github.action_path":
			return root
		case expr == "github.action_ref":
			return actionRef
		}
		t.Fatalf("the test cannot evaluate %s", m)
		return ""
	}
	runnerTemp := t.TempDir()
	var log, summary strings.Builder
	for i, step := range a.Runs.Steps {
		name := step.ID
		if name == "" {
			name = step.Uses
		}
		switch step.If {
		case "":
			if run.code != 0 {
				continue
			}
		case "always()":
		default:
			t.Fatalf("step %d: the test cannot evaluate if: %s", i, step.If)
		}
		run.reached = append(run.reached, name)
		if step.Uses != "" {
			for key, v := range step.With {
				step.With[key] = eval(v)
			}
			t.Logf("skipped step %d, uses: %s with %v (GitHub's own action)", i, step.Uses, step.With)
			continue
		}
		if step.Shell != "bash" {
			t.Fatalf("step %s: shell %q; composite run steps need shell: bash", name, step.Shell)
		}
		var env []string
		for key, v := range step.Env {
			env = append(env, key+"="+eval(v))
		}
		slices.Sort(env)
		var done stepRun
		if step.ID == buildStepID {
			done = sharedBuildStep(t, root, step, env)
		} else {
			done = runStep(t, root, run.workspace, runnerTemp, name, step.Run, env)
		}
		log.Write(done.log)
		summary.Write(done.summary)
		if run.code == 0 {
			run.code = done.code
		}
		stepOutputs[step.ID] = done.outputs
	}
	for name, o := range a.Outputs {
		run.outputs[name] = eval(o.Value)
	}
	if summary.Len() > 0 {
		log.WriteString("\nstep summary:\n" + summary.String())
	}
	run.log = log.String()
	return run
}

// stepRun is what one `run:` step left: its exit code, outputs, log and
// step summary.
type stepRun struct {
	code    int
	outputs map[string]string
	log     []byte
	summary []byte
}

// runStep runs a step's script with bash as GitHub runs it, in the
// workspace, with the runner's variables and the step's env.
func runStep(t *testing.T, actionPath, workspace, runnerTemp, name, script string, env []string) stepRun {
	t.Helper()
	outputFile := filepath.Join(runnerTemp, "output-"+name)
	summaryFile := filepath.Join(runnerTemp, "step-summary-"+name+".md")
	scriptFile := filepath.Join(runnerTemp, "step-"+name+".sh")
	if err := os.WriteFile(scriptFile, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", scriptFile)
	cmd.Dir = workspace
	cmd.Env = append(append(suitetest.CleanEnv(),
		"GITHUB_ACTION_PATH="+actionPath,
		"GITHUB_WORKSPACE="+workspace,
		"GITHUB_OUTPUT="+outputFile,
		"GITHUB_STEP_SUMMARY="+summaryFile,
		"RUNNER_TEMP="+runnerTemp), env...)
	out, err := cmd.CombinedOutput()
	done := stepRun{log: out}
	if exit, ok := err.(*exec.ExitError); ok {
		done.code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	done.outputs = readOutputs(t, outputFile)
	if done.summary, err = os.ReadFile(summaryFile); err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return done
}

// actionRef is the ref the faked workflow uses the action at: the version
// of the package's own make dist, so the build step finds that link up to
// date and only copies it.
const actionRef = testVersion

// buildStepID is the step that builds the suite binary.
const buildStepID = "build"

var (
	// sharedRunnerTemp holds the build step's runs, for the whole package.
	sharedRunnerTemp string
	sharedBuilds     sync.Map // the step's script and env -> *sharedBuild
)

type sharedBuild struct {
	once sync.Once
	done stepRun
}

// sharedBuildStep runs the build step once for each env it is given, in a
// runner temp and workspace of its own that outlive the test, and gives
// every later run what that run left: for the same inputs the step builds
// the same binary, so building it again for each test would only repeat a
// link. Every test still runs the steps after it.
func sharedBuildStep(t *testing.T, actionPath string, step actionStep, env []string) stepRun {
	t.Helper()
	key := step.Run + "\x00" + strings.Join(env, "\x00")
	shared, _ := sharedBuilds.LoadOrStore(key, &sharedBuild{})
	build := shared.(*sharedBuild)
	build.once.Do(func() {
		// After make dist has warmed the cache: side by side, both go
		// commands would compile every package a cold cache lacks.
		sharedDist(t)
		dir, err := os.MkdirTemp(sharedRunnerTemp, "build-")
		if err != nil {
			t.Fatal(err)
		}
		build.done = runStep(t, actionPath, dir, dir, step.ID, step.Run, env)
	})
	return build.done
}

func readOutputs(t *testing.T, path string) map[string]string {
	t.Helper()
	outputs := map[string]string{}
	raw, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return outputs
	} else if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			outputs[k] = v
		}
	}
	return outputs
}

func TestTheActionPassesAgainstTheReferenceServer(t *testing.T) {
	t.Parallel()
	run := runAction(t, map[string]string{"vendor": "edfi", "label-filter": "method-not-allowed"})
	if run.code != 0 || run.outputs["exit-code"] != "0" {
		t.Fatalf("exit code %d, output exit-code %q:\n%s", run.code, run.outputs["exit-code"], run.log)
	}
	reports := filepath.Join(run.workspace, "edconform-reports", "edfi")
	if run.outputs["reports-dir"] != filepath.Dir(reports) {
		t.Errorf("output reports-dir %q", run.outputs["reports-dir"])
	}
	if sum := requireReports(t, reports); sum.Counts[report.OutcomePassed] == 0 || sum.Counts[report.OutcomeFailed] != 0 {
		t.Errorf("summary.json counts %v", sum.Counts)
	}
	if !strings.Contains(run.log, "step summary:\nedconform edfi:") {
		t.Errorf("no summary line in the step summary:\n%s", run.log)
	}
}

// A deviation of the reference server fails the run (exit code 1), and the
// reports are still uploaded.
func TestTheActionFailsWithTheSuitesExitCode(t *testing.T) {
	t.Parallel()
	run := runAction(t, map[string]string{"vendor": "edfi", "label-filter": "method-not-allowed",
		"suite-flags": "--deviations=patch-not-found", "reports-dir": "out"})
	requireExitCode(t, run, 1)
	if sum := requireReports(t, filepath.Join(run.workspace, "out", "edfi")); sum.Counts[report.OutcomeFailed] != 1 {
		t.Errorf("summary.json counts %v, not the one failure of the deviation", sum.Counts)
	}
	requireUploaded(t, run)
}

// The waivers input waives the deviation's failure: the run passes.
func TestTheActionPassesTheWaiversFile(t *testing.T) {
	t.Parallel()
	workspace := t.TempDir()
	waivers := "waivers:\n  - {spec: edfi.method-not-allowed.patch-requests, reason: defect 123, expires: 2999-12-31}\n"
	if err := os.WriteFile(filepath.Join(workspace, "waivers.yaml"), []byte(waivers), 0o644); err != nil {
		t.Fatal(err)
	}
	run := runActionIn(t, workspace, map[string]string{"vendor": "edfi", "label-filter": "method-not-allowed",
		"suite-flags": "--deviations=patch-not-found", "waivers": "waivers.yaml"})
	requireExitCode(t, run, 0)
	sum := requireReports(t, filepath.Join(workspace, "edconform-reports", "edfi"))
	if sum.Counts[report.OutcomeWaived] != 1 || sum.Counts[report.OutcomeFailed] != 0 {
		t.Errorf("summary.json counts %v, not one waived failure", sum.Counts)
	}
}

// A profile that cannot be read is "could not judge" (exit code 2), with a
// report still written for CI tools to find.
func TestTheActionCannotJudgeWithAMissingProfile(t *testing.T) {
	t.Parallel()
	run := runAction(t, map[string]string{"vendor": "edfi", "profile": "missing.yaml"})
	requireExitCode(t, run, 2)
	requireReports(t, filepath.Join(run.workspace, "edconform-reports", "missing"))
	requireUploaded(t, run)
}

func requireExitCode(t *testing.T, run actionRun, code int) {
	t.Helper()
	if run.code != code || run.outputs["exit-code"] != strconv.Itoa(code) {
		t.Fatalf("exit code %d and output exit-code %q, want %d:\n%s", run.code, run.outputs["exit-code"], code, run.log)
	}
}

func requireUploaded(t *testing.T, run actionRun) {
	t.Helper()
	if last := run.reached[len(run.reached)-1]; !strings.HasPrefix(last, "actions/upload-artifact@") {
		t.Errorf("the reports are not uploaded after a failure; steps reached: %v", run.reached)
	}
}

func TestTheActionCannotJudgeAnUnknownVendor(t *testing.T) {
	t.Parallel()
	run := runAction(t, map[string]string{"vendor": "nobody"})
	requireExitCode(t, run, 2)
	if !strings.Contains(run.log, "must be one of: coursekey edfi edlink meadowlark") {
		t.Errorf("the error does not list the vendors:\n%s", run.log)
	}
}

// GitHub fetches an action without .git, so git describe cannot name the
// version: the binary the build step makes carries the action's ref.
func TestTheActionsBinaryReportsTheActionsRef(t *testing.T) {
	t.Parallel()
	run := runAction(t, map[string]string{"vendor": "edfi", "label-filter": "method-not-allowed"})
	sum := requireReports(t, filepath.Join(run.workspace, "edconform-reports", "edfi"))
	if sum.Run.Version != actionRef {
		t.Errorf("summary.json names version %q, want the action's ref %q", sum.Run.Version, actionRef)
	}
}
