package moto_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

const shapes = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Param:
    Type: AWS::SSM::Parameter
    Properties: {Name: /lf/tagged, Type: String, Value: v1, Tags: {Owner: ml, Env: dev}}
  Key:
    Type: AWS::KMS::Key
    Properties:
      Description: landform key
      KeyPolicy: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {AWS: "arn:aws:iam::123456789012:root"}, Action: "kms:*", Resource: "*"}]}
      Tags: [{Key: Owner, Value: ml}]
`

// testCloudFormationShapes (TestPlugin/CloudFormationShapes): SSM Parameter
// Tags as a map and KMS Key Tags as [{Key,Value}] with a JSON-object
// KeyPolicy deploy (moto 5.2.1: HTTP 500), and the SSM tags are really set.
func testCloudFormationShapes(t *testing.T, e *env) {
	e.createStack(t, "shapes", shapes)
	e.wantStatus(t, "shapes", cfntypes.StackStatusCreateComplete)
	tags, err := e.ssm.ListTagsForResource(ctx(t), &ssm.ListTagsForResourceInput{
		ResourceType: ssmtypes.ResourceTypeForTaggingParameter, ResourceId: aws.String("/lf/tagged")})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tag := range tags.TagList {
		got = append(got, aws.ToString(tag.Key)+"="+aws.ToString(tag.Value))
	}
	sort.Strings(got)
	if strings.Join(got, ",") != "Env=dev,Owner=ml" {
		t.Errorf("parameter tags %v", got)
	}
	e.updateStack(t, "shapes", strings.Replace(shapes, "Value: v1", "Value: v2", 1))
	e.wantStatus(t, "shapes", cfntypes.StackStatusUpdateComplete)
	p, err := e.ssm.GetParameter(ctx(t), &ssm.GetParameterInput{Name: aws.String("/lf/tagged")})
	if err != nil || aws.ToString(p.Parameter.Value) != "v2" {
		t.Errorf("parameter after update: %v %v", p, err)
	}
	e.deleteStack(t, "shapes")
	e.wantGone(t, "shapes")
}
