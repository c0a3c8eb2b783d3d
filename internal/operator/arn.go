package operator

import (
	"slices"
	"strings"
)

// named is a resource's ARN as one IAM resource type (service-qualified, as
// the action catalog lists types: "iam:role").
type named struct{ Type, ARN string }

// arnOf names a resource of one CloudFormation type in IAM, the resource
// itself first, then the other resources its handlers act on. A part that
// cannot be known before deployment (a generated id, a value from another
// stack) is "*": the policy must then allow every resource of that shape
// in the account and region.
type arnOf func(e *Env, r *resource) []named

// arns are the types landform generates, and a few more every estate has;
// an action on any other type is authorized on "*". (Set in init: naming a
// resource may resolve a reference to another, through arns.)
var arns map[string]arnOf

func init() {
	arns = map[string]arnOf{
		"AWS::IAM::Role":            iamARN("role", "RoleName", true),
		"AWS::IAM::Group":           iamARN("group", "GroupName", true),
		"AWS::IAM::User":            iamARN("user", "UserName", true),
		"AWS::IAM::ManagedPolicy":   iamARN("policy", "ManagedPolicyName", true),
		"AWS::IAM::InstanceProfile": iamARN("instance-profile", "InstanceProfileName", true),
		"AWS::IAM::SAMLProvider":    iamARN("saml-provider", "Name", false),
		"AWS::SSM::Parameter": func(e *Env, r *resource) []named {
			return []named{{"ssm:parameter", e.arn("ssm", "parameter"+slash(r.name("Name")))}}
		},
		"AWS::S3::Bucket": func(e *Env, r *resource) []named {
			b := "arn:aws:s3:::" + r.name("BucketName")
			return []named{{"s3:bucket", b}, {"s3:object", b + "/*"}}
		},
		"AWS::S3::BucketPolicy": func(e *Env, r *resource) []named {
			return []named{{"s3:bucket", "arn:aws:s3:::" + r.value("Bucket")}}
		},
		"AWS::EC2::SecurityGroup": func(e *Env, r *resource) []named {
			return []named{{"ec2:security-group", e.arn("ec2", "security-group/*")}, {"ec2:vpc", e.arn("ec2", "vpc/"+r.value("VpcId"))}}
		},
		"AWS::EC2::SecurityGroupIngress": sgRule,
		"AWS::EC2::SecurityGroupEgress":  sgRule,
		"AWS::EC2::VPCEndpoint": func(e *Env, r *resource) []named {
			out := []named{{"ec2:vpc-endpoint", e.arn("ec2", "vpc-endpoint/*")}, {"ec2:vpc", e.arn("ec2", "vpc/"+r.value("VpcId"))}}
			for prop, kind := range map[string]string{"SubnetIds": "subnet", "SecurityGroupIds": "security-group", "RouteTableIds": "route-table"} {
				for _, id := range r.values(prop) {
					out = append(out, named{"ec2:" + kind, e.arn("ec2", kind+"/"+id)})
				}
			}
			slices.SortFunc(out[2:], func(a, b named) int { return strings.Compare(a.Type+a.ARN, b.Type+b.ARN) })
			return out
		},
		"AWS::KMS::Key": func(e *Env, r *resource) []named {
			return []named{{"kms:key", e.arn("kms", "key/*")}}
		},
		"AWS::KMS::Alias": func(e *Env, r *resource) []named {
			return []named{{"kms:alias", e.arn("kms", r.name("AliasName"))}, {"kms:key", e.arn("kms", "key/*")}}
		},
		"AWS::Logs::LogGroup": func(e *Env, r *resource) []named {
			return []named{{"logs:log-group", e.arn("logs", "log-group:"+r.name("LogGroupName"))}}
		},
		"AWS::Logs::MetricFilter": func(e *Env, r *resource) []named {
			return []named{{"logs:log-group", e.arn("logs", "log-group:"+r.value("LogGroupName"))}}
		},
		"AWS::Events::Rule": func(e *Env, r *resource) []named {
			rule := e.arn("events", "rule/"+r.name("Name"))
			return []named{{"events:rule-on-default-event-bus", rule}, {"events:rule-on-custom-event-bus", rule}}
		},
		"AWS::SNS::Topic": func(e *Env, r *resource) []named {
			return []named{{"sns:topic", e.arn("sns", r.name("TopicName"))}}
		},
		"AWS::SNS::Subscription": func(e *Env, r *resource) []named {
			return []named{{"sns:topic", r.value("TopicArn")}}
		},
		"AWS::CodeCommit::Repository": func(e *Env, r *resource) []named {
			return []named{{"codecommit:repository", e.arn("codecommit", r.name("RepositoryName"))}}
		},
		"AWS::CodeBuild::Project": func(e *Env, r *resource) []named {
			return []named{{"codebuild:project", e.arn("codebuild", "project/"+r.name("Name"))}}
		},
		"AWS::CodePipeline::Pipeline": func(e *Env, r *resource) []named {
			p := e.arn("codepipeline", r.name("Name"))
			return []named{{"codepipeline:pipeline", p}, {"codepipeline:stage", p + "/*"}}
		},
		"AWS::SageMaker::ModelPackageGroup": func(e *Env, r *resource) []named {
			return []named{{"sagemaker:model-package-group", e.arn("sagemaker", "model-package-group/"+r.name("ModelPackageGroupName"))}}
		},
		"AWS::CloudWatch::Alarm": func(e *Env, r *resource) []named {
			return []named{{"cloudwatch:alarm", e.arn("cloudwatch", "alarm:"+r.name("AlarmName"))}}
		},
		"AWS::CloudWatch::Dashboard": func(e *Env, r *resource) []named {
			return []named{{"cloudwatch:dashboard", "arn:aws:cloudwatch::" + e.Account + ":dashboard/" + r.name("DashboardName")}}
		},
		"AWS::DynamoDB::Table": func(e *Env, r *resource) []named {
			return []named{{"dynamodb:table", e.arn("dynamodb", "table/"+r.name("TableName"))}}
		},
		"AWS::CloudTrail::Trail": func(e *Env, r *resource) []named {
			return []named{{"cloudtrail:trail", e.arn("cloudtrail", "trail/"+r.name("TrailName"))}}
		},
		"AWS::EKS::AccessEntry": func(e *Env, r *resource) []named {
			c := r.value("ClusterName")
			return []named{{"eks:access-entry", e.arn("eks", "access-entry/"+c+"/*")}, {"eks:cluster", e.arn("eks", "cluster/"+c)}}
		},
	}
}

func sgRule(e *Env, r *resource) []named {
	return []named{{"ec2:security-group", e.arn("ec2", "security-group/"+r.value("GroupId"))},
		{"ec2:security-group-rule", e.arn("ec2", "security-group-rule/*")}}
}

// iamARN names an IAM entity: its Path (default "/") and name.
func iamARN(kind, nameProp string, path bool) arnOf {
	return func(e *Env, r *resource) []named {
		prefix := "/"
		if path && r.has("Path") {
			prefix = r.value("Path")
		}
		return []named{{"iam:" + kind, "arn:aws:iam::" + e.Account + ":" + kind + prefix + r.name(nameProp)}}
	}
}

// slash puts the leading slash an SSM parameter ARN has before its name.
func slash(name string) string {
	if strings.HasPrefix(name, "/") {
		return name
	}
	return "/" + name
}
