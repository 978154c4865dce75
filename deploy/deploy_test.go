package deploy

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"ogi/scrapers/crawl"
)

// Just the fields the checks read.
type container struct {
	Name    string   `yaml:"name"`
	Image   string   `yaml:"image"`
	Command []string `yaml:"command"`
	Args    []string `yaml:"args"`
	Env     []struct {
		Name      string `yaml:"name"`
		Value     string `yaml:"value"`
		ValueFrom *struct {
			FieldRef struct {
				FieldPath string `yaml:"fieldPath"`
			} `yaml:"fieldRef"`
		} `yaml:"valueFrom"`
	} `yaml:"env"`
	VolumeMounts []struct {
		Name      string `yaml:"name"`
		MountPath string `yaml:"mountPath"`
	} `yaml:"volumeMounts"`
}

type podTemplate struct {
	Spec struct {
		RestartPolicy string      `yaml:"restartPolicy"`
		Containers    []container `yaml:"containers"`
		Volumes       []struct {
			Name string `yaml:"name"`
			PVC  *struct {
				ClaimName string `yaml:"claimName"`
			} `yaml:"persistentVolumeClaim"`
		} `yaml:"volumes"`
	} `yaml:"spec"`
}

type jobSpec struct {
	CompletionMode string      `yaml:"completionMode"`
	Completions    *int        `yaml:"completions"`
	Parallelism    *int        `yaml:"parallelism"`
	Template       podTemplate `yaml:"template"`
}

type manifest struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Spec struct {
		jobSpec     `yaml:",inline"`
		Schedule    string `yaml:"schedule"`
		JobTemplate *struct {
			Spec jobSpec `yaml:"spec"`
		} `yaml:"jobTemplate"`
		AccessModes []string `yaml:"accessModes"`
	} `yaml:"spec"`
}

func manifests(t *testing.T) map[string][]manifest {
	t.Helper()
	files, _ := filepath.Glob("k8s/*.yaml")
	if len(files) < 3 {
		t.Fatalf("k8s manifests: %v", files)
	}
	out := map[string][]manifest{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(b))
		for {
			var m manifest
			err := dec.Decode(&m)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			out[f] = append(out[f], m)
		}
	}
	return out
}

// The crawl Jobs are Indexed, with as many completions as OGI_SHARDS says,
// each pod writing its own folder named by JOB_COMPLETION_INDEX on the one
// shared volume; the builds read every shard folder; the CronJobs'
// schedules are cron lines; every image is the Dockerfile's.
func TestKubernetesManifests(t *testing.T) {
	all := manifests(t)
	var crawlJobs, builds, crons int
	claims := map[string]bool{}
	for f, ms := range all {
		for _, m := range ms {
			if m.APIVersion == "" || m.Kind == "" || m.Metadata.Name == "" {
				t.Errorf("%s: a document without apiVersion/kind/name", f)
			}
			var js jobSpec
			switch m.Kind {
			case "Job":
				js = m.Spec.jobSpec
			case "CronJob":
				crons++
				if m.Spec.JobTemplate == nil {
					t.Fatalf("%s %s: no jobTemplate", f, m.Metadata.Name)
				}
				js = m.Spec.JobTemplate.Spec
				if fields := strings.Fields(m.Spec.Schedule); len(fields) != 5 {
					t.Errorf("%s %s: schedule %q is not a cron line", f, m.Metadata.Name, m.Spec.Schedule)
				}
			case "PersistentVolumeClaim":
				if !slices.Contains(m.Spec.AccessModes, "ReadWriteMany") {
					t.Errorf("%s: the shared volume must be ReadWriteMany (the shards write at once)", f)
				}
				claims[m.Metadata.Name] = true
				continue
			default:
				t.Errorf("%s: unexpected kind %s", f, m.Kind)
				continue
			}
			pod := js.Template.Spec
			if pod.RestartPolicy != "Never" || len(pod.Containers) != 1 {
				t.Errorf("%s %s: restartPolicy %q, %d containers", f, m.Metadata.Name, pod.RestartPolicy, len(pod.Containers))
				continue
			}
			for _, v := range pod.Volumes {
				if v.PVC != nil && v.PVC.ClaimName != "ogi-data" {
					t.Errorf("%s: volume claim %s, want the shared ogi-data", f, v.PVC.ClaimName)
				}
			}
			c := pod.Containers[0]
			if c.Image != "ogi:latest" {
				t.Errorf("%s: image %s", f, c.Image)
			}
			cmdline := strings.Join(append(append([]string{}, c.Command...), c.Args...), " ")
			env := map[string]string{}
			for _, e := range c.Env {
				env[e.Name] = e.Value
				if e.ValueFrom != nil {
					env[e.Name] = e.ValueFrom.FieldRef.FieldPath
				}
			}
			switch {
			case len(c.Args) > 0 && c.Args[0] == "crawl":
				crawlJobs++
				if js.CompletionMode != "Indexed" || js.Completions == nil || js.Parallelism == nil || *js.Completions != *js.Parallelism {
					t.Errorf("%s: the crawl is not an Indexed Job with completions = parallelism", f)
					continue
				}
				if env[crawl.EnvShards] != strconv.Itoa(*js.Completions) {
					t.Errorf("%s: %s=%q but %d completions", f, crawl.EnvShards, env[crawl.EnvShards], *js.Completions)
				}
				if env[crawl.EnvK8sIndex] != "metadata.annotations['batch.kubernetes.io/job-completion-index']" {
					t.Errorf("%s: %s not declared from the completion index (needed for $(…) in args)", f, crawl.EnvK8sIndex)
				}
				if !strings.Contains(cmdline, "--data /data/shards/$("+crawl.EnvK8sIndex+")") || !strings.Contains(cmdline, "--contact $(OGI_CONTACT)") {
					t.Errorf("%s: each shard must write its own folder and name a contact: %s", f, cmdline)
				}
				if v := env["OGI_CONTACT"]; !strings.Contains(v, "@") {
					t.Errorf("%s: OGI_CONTACT %q", f, v)
				}
				checkFlags(t, f, cmdline)
			case strings.Contains(cmdline, "ogi build"):
				builds++
				if !strings.Contains(cmdline, "/data/shards/*/") || !strings.Contains(cmdline, "--from") {
					t.Errorf("%s: the build does not read every shard folder: %s", f, cmdline)
				}
				checkFlags(t, f, cmdline)
			default:
				t.Errorf("%s: container runs neither crawl nor build: %s", f, cmdline)
			}
		}
	}
	if crawlJobs < 2 || builds < 2 || crons < 2 || !claims["ogi-data"] {
		t.Errorf("%d crawl jobs, %d builds, %d cronjobs, claims %v: want the one-off pair, the nightly pair and the volume", crawlJobs, builds, crons, claims)
	}
}

var flagRe = regexp.MustCompile(`(?:^|\s)--([a-z][a-z-]+)`)

// checkFlags insists every --flag a deploy file passes to ogi is one ogi
// defines (cmd/ogi declares each as a "name" string).
func checkFlags(t *testing.T, file, cmdline string) {
	t.Helper()
	src := ""
	files, _ := filepath.Glob("../cmd/ogi/*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, _ := os.ReadFile(f)
		src += string(b)
	}
	for _, m := range flagRe.FindAllStringSubmatch(cmdline, -1) {
		if !strings.Contains(src, `"`+m[1]+`"`) {
			t.Errorf("%s: ogi has no flag --%s", file, m[1])
		}
	}
}

// The Slurm scripts are valid bash, name each shard's folder by the array
// task, read the variables ogi reads, and use only flags ogi has.
func TestSlurmScripts(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	for _, f := range []string{"slurm/ogi-crawl.sbatch", "slurm/ogi-build.sbatch"} {
		if out, err := exec.Command(bash, "-n", f).CombinedOutput(); err != nil {
			t.Errorf("bash -n %s: %v\n%s", f, err, out)
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if !strings.HasPrefix(s, "#!/bin/bash\n") || !strings.Contains(s, "#SBATCH --job-name=") {
			t.Errorf("%s: not a batch script", f)
		}
		checkFlags(t, f, strings.Join(ogiLines(s), " "))
	}
	b, _ := os.ReadFile("slurm/ogi-crawl.sbatch")
	s := string(b)
	if !strings.Contains(s, "#SBATCH --array=") || !strings.Contains(s, `$OGI_ROOT/shards/$`+crawl.EnvSlurmTaskID) {
		t.Error("the crawl script is not an array whose tasks write their own folders")
	}
	if strings.Contains(s, "--shard ") {
		t.Error("the crawl script passes --shard: the shard must come from the Slurm variables")
	}
	// The script's own array, run through the code that reads it, covers
	// every shard once.
	m := regexp.MustCompile(`#SBATCH --array=(\d+)-(\d+)`).FindStringSubmatch(s)
	lo, _ := strconv.Atoi(m[1])
	hi, _ := strconv.Atoi(m[2])
	seen := map[int]bool{}
	for task := lo; task <= hi; task++ {
		env := map[string]string{crawl.EnvSlurmTaskID: strconv.Itoa(task), crawl.EnvSlurmTaskMin: m[1], crawl.EnvSlurmTaskMax: m[2],
			crawl.EnvSlurmTaskCount: strconv.Itoa(hi - lo + 1)}
		sp, err := crawl.ChooseShard("", 0, func(k string) string { return env[k] })
		if err != nil {
			t.Fatal(err)
		}
		seen[sp.Index] = true
	}
	if len(seen) != hi-lo+1 {
		t.Errorf("array %d-%d gives shards %v", lo, hi, seen)
	}
}

func ogiLines(s string) []string {
	var out []string
	lines := strings.Split(s, "\n")
	for i := 0; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		if strings.HasPrefix(l, `"$OGI" `) {
			for strings.HasSuffix(l, `\`) && i+1 < len(lines) {
				i++
				l = strings.TrimSuffix(l, `\`) + " " + strings.TrimSpace(lines[i])
			}
			out = append(out, l)
		}
	}
	return out
}

// The Dockerfile copies what exists, builds the ogi command, and runs the
// binary it copied.
func TestDockerfile(t *testing.T) {
	b, err := os.ReadFile("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	var built, copied, entry string
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Fields(l)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		switch f[0] {
		case "COPY":
			if strings.HasPrefix(f[1], "--from=") {
				copied = f[len(f)-1]
				continue
			}
			for _, src := range f[1 : len(f)-1] {
				if _, err := os.Stat(filepath.Join("..", src)); err != nil {
					t.Errorf("COPY %s: %v", src, err)
				}
			}
		case "RUN":
			if i := slices.Index(f, "build"); i > 0 && f[i-1] == "go" {
				built = f[len(f)-1]
				if _, err := os.Stat(filepath.Join("..", built, "main.go")); err != nil {
					t.Errorf("go build %s: %v", built, err)
				}
			}
		case "ENTRYPOINT":
			entry = strings.Trim(strings.TrimPrefix(l, "ENTRYPOINT"), ` []"`)
		}
	}
	if built != "./cmd/ogi" || copied != "/usr/local/bin/ogi" || entry != copied {
		t.Errorf("built %q, copied to %q, entrypoint %q", built, copied, entry)
	}
	if !strings.Contains(string(b), "poppler-utils") {
		t.Error("the image lacks pdftotext (poppler-utils): PDF reports would fail")
	}
}
