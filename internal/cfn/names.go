package cfn

import (
	"fmt"
	"strings"
)

// nameProperty is the property that sets a resource's physical name, and
// that name's length limit.
type nameProperty struct {
	Prop string
	Max  int
}

// NameProperties lists, for the resource types landform's kinds create, the
// property that names the resource and the service's length limit.
var NameProperties = map[string]nameProperty{
	"AWS::IAM::Role":                    {"RoleName", 64},
	"AWS::IAM::Group":                   {"GroupName", 128},
	"AWS::IAM::User":                    {"UserName", 64},
	"AWS::IAM::ManagedPolicy":           {"ManagedPolicyName", 128},
	"AWS::IAM::InstanceProfile":         {"InstanceProfileName", 128},
	"AWS::SSM::Parameter":               {"Name", 2048},
	"AWS::S3::Bucket":                   {"BucketName", 63},
	"AWS::EC2::SecurityGroup":           {"GroupName", 255},
	"AWS::KMS::Alias":                   {"AliasName", 256},
	"AWS::Logs::LogGroup":               {"LogGroupName", 512},
	"AWS::Events::Rule":                 {"Name", 64},
	"AWS::SNS::Topic":                   {"TopicName", 256},
	"AWS::SQS::Queue":                   {"QueueName", 80},
	"AWS::Lambda::Function":             {"FunctionName", 64},
	"AWS::CodeCommit::Repository":       {"RepositoryName", 100},
	"AWS::CodeBuild::Project":           {"Name", 255},
	"AWS::CodePipeline::Pipeline":       {"Name", 100},
	"AWS::SageMaker::ModelPackageGroup": {"ModelPackageGroupName", 63},
	"AWS::CloudWatch::Alarm":            {"AlarmName", 255},
	"AWS::CloudWatch::Dashboard":        {"DashboardName", 255},
	"AWS::ECR::Repository":              {"RepositoryName", 256},
	"AWS::SageMaker::NotebookInstance":  {"NotebookInstanceName", 63},
	"AWS::SecretsManager::Secret":       {"Name", 512},
	"AWS::StepFunctions::StateMachine":  {"StateMachineName", 80},
	"AWS::EC2::LaunchTemplate":          {"LaunchTemplateName", 128},
	"AWS::SageMaker::Domain":            {"DomainName", 63},
	"AWS::SageMaker::Pipeline":          {"PipelineName", 256},
	"AWS::IAM::SAMLProvider":            {"Name", 128},
	"AWS::ServiceCatalog::Portfolio":    {"DisplayName", 100},
	"AWS::Logs::MetricFilter":           {"FilterName", 512},
}

// SuffixNames makes the template's physical names unique to a test copy of
// the stack: "-{suffix}" goes at the end of every name property and of every
// export name that does not already derive from the stack name, and SSM
// parameter paths move under /landform-test-{suffix}. A name pushed past its
// limit is an error, so a test deploy never fails halfway for it.
func (t *Template) SuffixNames(suffix string) error {
	for _, r := range t.Resources {
		np, ok := NameProperties[r.Type]
		if !ok || np.Prop == "" || r.Properties == nil {
			continue
		}
		v, ok := r.Properties.Get(np.Prop)
		if !ok {
			continue // CloudFormation generates a unique name
		}
		nv, name, err := suffixed(v, suffix, r.Type == "AWS::SSM::Parameter")
		if err != nil {
			return fmt.Errorf("%s.%s: %w", r.LogicalID, np.Prop, err)
		}
		if name != "" && len(name) > np.Max {
			return fmt.Errorf("%s.%s: %q is %d characters with the test suffix, over the %d %s allows; shorten the config's names",
				r.LogicalID, np.Prop, name, len(name), np.Max, r.Type)
		}
		r.Properties.Set(np.Prop, nv)
	}
	for i, o := range t.Outputs {
		if s, ok := o.Export.(string); ok {
			t.Outputs[i].Export = s + "-" + suffix
		}
	}
	return nil
}

// suffixed returns v with the suffix applied, and the literal name when v
// is a plain string.
func suffixed(v any, suffix string, path bool) (any, string, error) {
	apply := func(s string) string {
		if path && strings.HasPrefix(s, "/") {
			return "/landform-test-" + suffix + s
		}
		return s + "-" + suffix
	}
	switch x := v.(type) {
	case string:
		s := apply(x)
		return s, s, nil
	case *Map:
		if sub, ok := x.Get("Fn::Sub"); ok {
			if s, ok := sub.(string); ok {
				return M("Fn::Sub", apply(s)), "", nil
			}
		}
	}
	return nil, "", fmt.Errorf("the name is %T, not a string or Fn::Sub; a test copy cannot rename it", v)
}
