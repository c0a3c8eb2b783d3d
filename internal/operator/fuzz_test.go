package operator_test

import (
	"os"
	"testing"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/operator"
)

// FuzzNeeds: any template check can parse gives a request list and a
// decision on it, without a panic, whatever its resources hold (no
// properties, a list where a name goes, intrinsics nested or looping).
func FuzzNeeds(f *testing.F) {
	data, err := os.ReadFile("testdata/stack.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte("Resources:\n  A:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !Ref A\n"))
	f.Add([]byte("Resources:\n  K:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy: [1]\n  A:\n    Type: AWS::KMS::Alias\n    Properties:\n      TargetKeyId: !GetAtt K\n"))
	f.Add([]byte("Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties:\n      Targets: [{RoleArn: {Fn::Join: [\"\", [!Sub \"${R.Arn}\"]]}}, 3]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tree, fs := cfn.Parse("fuzz.yaml", data)
		if tree == nil || fs.HasErrors() {
			return
		}
		needs, _ := operator.Needs(tree, env)
		if _, err := operator.Check(allowAll(), env, needs); err != nil {
			// A key policy that does not compile is an error, not a panic.
			return
		}
	})
}
