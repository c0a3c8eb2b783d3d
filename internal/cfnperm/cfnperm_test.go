package cfnperm_test

import (
	"bufio"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/landform/landform/internal/cfnperm"
	"github.com/landform/landform/internal/cfnspec"
	"github.com/landform/landform/internal/iam/catalog"
)

func TestHandlersData(t *testing.T) {
	if !regexp.MustCompile(`^github\.com/aws-cloudformation/rain v\d+\.\d+\.\d+ \(generated \d{4}-\d\d-\d\d\)$`).MatchString(cfnperm.Source()) {
		t.Errorf("Source() = %q: handlers.txt's header must name the version and the date", cfnperm.Source())
	}
	types := cfnperm.Types()
	var documented, none int
	for _, name := range types {
		if cfnperm.Lookup(name).Documented {
			documented++
		} else {
			none++
		}
	}
	if documented < 1000 || none < 100 {
		t.Errorf("%d types with handler permissions, %d without: the data is not the registry's", documented, none)
	}
	role := cfnperm.Lookup("AWS::IAM::Role")
	if role == nil || !slices.Contains(role.Permissions[cfnperm.Create], "iam:CreateRole") ||
		!slices.Contains(role.Permissions[cfnperm.Delete], "iam:DeleteRole") {
		t.Errorf("AWS::IAM::Role: %+v", role)
	}
	if cfnperm.Lookup("AWS::No::Such") != nil {
		t.Error("a type that does not exist was found")
	}
}

// TestLegacyTypes: the older types landform generates get their
// permissions from legacy.txt, and are documented through it.
func TestLegacyTypes(t *testing.T) {
	for _, name := range []string{"AWS::CodeBuild::Project", "AWS::CodeCommit::Repository"} {
		ty := cfnperm.Lookup(name)
		if ty == nil || !ty.Legacy || !ty.Documented || len(ty.Permissions[cfnperm.Create]) == 0 {
			t.Errorf("%s: %+v", name, ty)
		}
	}
	if ty := cfnperm.Lookup("AWS::CodeBuild::ReportGroup"); ty == nil || ty.Documented {
		t.Errorf("AWS::CodeBuild::ReportGroup documents no handlers and legacy.txt does not list it: %+v", ty)
	}
}

// TestGates: every gate names a type and permission the registry lists,
// and properties the type has; every permission a legacy line lists is an
// IAM action.
func TestGates(t *testing.T) {
	f, err := os.Open("gates.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	var lines []string
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		if len(fields) != 4 || fields[3] == "" {
			t.Errorf("gates.txt:%d: want TYPE, ACTION, PROPERTIES and WHY, tab-separated: %q", n, line)
			continue
		}
		lines = append(lines, fields[0]+"\t"+fields[1])
		ty := cfnperm.Lookup(fields[0])
		if ty == nil {
			t.Errorf("gates.txt:%d: no type %s", n, fields[0])
			continue
		}
		listed := false
		for _, perms := range ty.Permissions {
			listed = listed || slices.Contains(perms, fields[1])
		}
		if !listed {
			t.Errorf("gates.txt:%d: no handler of %s lists %s", n, fields[0], fields[1])
		}
		spec, ok := cfnspec.Lookup(fields[0])
		if !ok {
			t.Errorf("gates.txt:%d: cfnspec has no %s", n, fields[0])
			continue
		}
		for _, p := range strings.Split(fields[2], ",") {
			top, _, _ := strings.Cut(p, ".")
			if _, ok := spec.Props[top]; !ok {
				t.Errorf("gates.txt:%d: %s has no property %s", n, fields[0], top)
			}
		}
	}
	if !slices.IsSorted(lines) {
		t.Error("gates.txt: keep the lines sorted by type, then action")
	}
	for _, name := range []string{"AWS::CodeBuild::Project", "AWS::CodeCommit::Repository"} {
		for step, perms := range cfnperm.Lookup(name).Permissions {
			for _, p := range perms {
				if _, ok := catalog.Default().Lookup(p); !ok {
					t.Errorf("legacy.txt: %s %s lists %s, not an IAM action", name, step, p)
				}
			}
		}
	}
}

// TestNeededAppliesGates: a gated permission is needed only when the
// resource sets one of its properties.
func TestNeededAppliesGates(t *testing.T) {
	bucket := cfnperm.Lookup("AWS::S3::Bucket")
	none := bucket.Needed(cfnperm.Create, func(string) bool { return false })
	cors := bucket.Needed(cfnperm.Create, func(p string) bool { return p == "CorsConfiguration" })
	if !slices.Contains(none, "s3:CreateBucket") || slices.Contains(none, "s3:PutBucketCORS") {
		t.Errorf("a bucket without properties needs %v", none)
	}
	if !slices.Contains(cors, "s3:PutBucketCORS") || len(cors) != len(none)+1 {
		t.Errorf("a bucket with CORS needs %v", cors)
	}
}
