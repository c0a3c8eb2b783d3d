package check

import (
	"slices"
	"testing"
)

// TestFindingPaths holds the path of each finding the tree walks report
// (references, Fn::Sub, Fn::If, conditions, dynamic strings, macros) to
// the field it is about, at depths and in sequences, so that a walk that
// steps down and back up wrongly is caught.
func TestFindingPaths(t *testing.T) {
	tpl := `AWSTemplateFormatVersion: "2010-09-09"
Conditions:
  Known: !Equals [a, b]
  Bad: !Equals [!Ref Missing1, x]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Metadata:
      Note: "{{resolve:secretsmanager:s}}"
    Properties:
      BucketName: !If [NoSuch, !Ref Missing2, x]
      Tags:
        - Key: a
          Value: !Sub ["${Nope}-x", {}]
        - Key: "b.c"
          Value: ["${Known2}", !If [Known, x, !GetAtt Bucket.NoAttr]]
      "odd key": {Fn::Transform: {Name: M}}
  Other:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Join ["-", [!Ref Missing3, "${Bucket}"]]
Outputs:
  Out:
    Value: !Ref Missing4
`
	var got []string
	for _, f := range Bytes("t.yaml", []byte(tpl)) {
		switch f.Rule {
		case "LF-CFN-002", "LF-CFN-005", "LF-CFN-012", "LF-CFN-025", "LF-CFN-030", "LF-CFN-031", "LF-CFN-032":
			got = append(got, f.Rule+" "+f.Path)
		}
	}
	slices.Sort(got)
	want := []string{ // an intrinsic's own findings point at the call: its arguments' paths leave out the function's key
		`LF-CFN-002 Conditions.Bad["Fn::Equals"][0]`,
		`LF-CFN-002 Outputs.Out.Value`,
		`LF-CFN-002 Resources.Bucket.Properties.BucketName[1]`,
		`LF-CFN-002 Resources.Other.Properties.TopicName[1][0]`,
		`LF-CFN-005 Resources.Bucket.Properties.Tags[0].Value`,
		`LF-CFN-012 Resources.Bucket.Properties.BucketName[0]`,
		`LF-CFN-025 Resources.Bucket.Properties.Tags[1].Value[1][2]`,
		`LF-CFN-030 Resources.Other.Properties.TopicName["Fn::Join"][1][1]`,
		`LF-CFN-031 Resources.Bucket.Metadata.Note`,
		`LF-CFN-032 Resources.Bucket.Properties["odd key"]`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("finding paths\n got %q\nwant %q", got, want)
	}
}
