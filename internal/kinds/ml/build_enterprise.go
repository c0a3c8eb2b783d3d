package ml

import (
	"strings"

	"github.com/landform/landform/internal/cfn"
)

// securityMetric is one CIS-style security metric: a filter on the
// compliance log group and an alarm on its metric.
type securityMetric struct {
	name, title, pattern string
}

var (
	rootUsage = securityMetric{"RootAccountUsage", "root account usage",
		`{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }`}
	unauthorized = securityMetric{"UnauthorizedApiCalls", "unauthorized API calls",
		`{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }`}
)

func (m securityMetric) alarmName(n names) string {
	if m.name == rootUsage.name {
		return n.RootAlarm
	}
	return n.UnauthorizedAlarm
}

func (s *spec) kmsKey(n names) *cfn.Map {
	root := cfn.M("Sid", "AccountAdministers", "Effect", "Allow",
		"Principal", cfn.M("AWS", cfn.Sub("arn:aws:iam::${AWS::AccountId}:root")), "Action", "kms:*", "Resource", "*")
	logs := cfn.M("Sid", "LogsEncryptsComplianceLogs", "Effect", "Allow",
		"Principal", cfn.M("Service", cfn.Sub("logs.${AWS::Region}.amazonaws.com")),
		"Action", []any{"kms:Decrypt", "kms:Describe*", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"}, "Resource", "*",
		"Condition", cfn.M("ArnLike", cfn.M("kms:EncryptionContext:aws:logs:arn",
			cfn.Sub("arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:"+n.LogGroup))))
	alarms := cfn.M("Sid", "CloudWatchPublishesAlarms", "Effect", "Allow",
		"Principal", cfn.M("Service", "cloudwatch.amazonaws.com"),
		"Action", []any{"kms:Decrypt", "kms:GenerateDataKey*"}, "Resource", "*",
		"Condition", cfn.M("StringEquals", cfn.M("aws:SourceAccount", cfn.Ref("AWS::AccountId"))))
	return cfn.M("Description", "Encrypts the ML artifacts, projects, pipelines, compliance logs and alerts of "+s.Stem(),
		"EnableKeyRotation", true, "KeyPolicy", doc(root, logs, alarms), "Tags", s.tags())
}

func (s *spec) retention() int {
	if c := s.cfg.Compliance; c != nil && c.LogRetentionDays != 0 {
		return c.LogRetentionDays
	}
	return defaultLogRetention
}

func (s *spec) logGroup(n names) *cfn.Map {
	return cfn.M("LogGroupName", n.LogGroup, "RetentionInDays", s.retention(), "KmsKeyId", cfn.GetAtt("KmsKey", "Arn"), "Tags", s.tags())
}

func (s *spec) metricFilter(n names, m securityMetric) *cfn.Map {
	return cfn.M("FilterName", s.Stem()+"-"+kebab(m.name), "LogGroupName", cfn.Ref("ComplianceLogGroup"), "FilterPattern", m.pattern,
		"MetricTransformations", []any{cfn.M("MetricName", m.name, "MetricNamespace", n.MetricNamespace, "MetricValue", "1", "DefaultValue", 0)})
}

func (s *spec) alarm(n names, m securityMetric) *cfn.Map {
	return cfn.M("AlarmName", m.alarmName(n), "AlarmDescription", "Security alert for "+s.Stem()+": "+m.title,
		"Namespace", n.MetricNamespace, "MetricName", m.name, "Statistic", "Sum", "Period", 300, "EvaluationPeriods", 1,
		"Threshold", 1, "ComparisonOperator", "GreaterThanOrEqualToThreshold", "TreatMissingData", "notBreaching",
		"AlarmActions", []any{cfn.Ref("SecurityAlertsTopic")}, "Tags", s.tags())
}

func (s *spec) topic(n names) *cfn.Map {
	return cfn.M("TopicName", n.Topic, "DisplayName", "Security alerts", "KmsMasterKeyId", cfn.Ref("KmsKey"), "Tags", s.tags())
}

func (s *spec) subscription(names) *cfn.Map {
	email := ""
	if s.cfg.Alerts != nil {
		email = s.cfg.Alerts.Email
	}
	return cfn.M("TopicArn", cfn.Ref("SecurityAlertsTopic"), "Protocol", "email", "Endpoint", email)
}

// endpointSecurityGroup (standalone mode) takes HTTPS from the VPC only
// and sends nothing of its own: 127.0.0.1/32 replaces the default
// allow-all egress rule.
func (s *spec) endpointSecurityGroup(n names) *cfn.Map {
	cidr := ""
	if s.cfg.VPC != nil {
		cidr = s.cfg.VPC.VPCCIDR
	}
	return cfn.M("GroupName", n.SecurityGroup, "GroupDescription", "VPC endpoints of "+s.Stem()+": HTTPS from the VPC only",
		"VpcId", cfn.Ref("VpcId"),
		"SecurityGroupIngress", []any{cfn.M("IpProtocol", "tcp", "FromPort", 443, "ToPort", 443, "CidrIp", cidr,
			"Description", "HTTPS to the VPC endpoints from inside the VPC")},
		"SecurityGroupEgress", []any{cfn.M("IpProtocol", "-1", "CidrIp", "127.0.0.1/32",
			"Description", "No outbound traffic: replaces the default allow-all rule")},
		"Tags", append([]any{cfn.M("Key", "Name", "Value", n.SecurityGroup)}, s.tags()...))
}

func (s *spec) endpointGroup() any {
	if s.sc.VPCMode == "standalone" {
		return cfn.GetAtt("EndpointSecurityGroup", "GroupId")
	}
	return cfn.Ref("EndpointSecurityGroupId")
}

func (s *spec) interfaceEndpoint(n names, service, title string) *cfn.Map {
	return cfn.M("VpcEndpointType", "Interface", "ServiceName", cfn.Sub("com.amazonaws.${AWS::Region}."+service),
		"VpcId", cfn.Ref("VpcId"), "SubnetIds", cfn.Ref("SubnetIds"), "SecurityGroupIds", []any{s.endpointGroup()},
		"PrivateDnsEnabled", true,
		"Tags", append([]any{cfn.M("Key", "Name", "Value", s.Stem()+"-"+strings.ReplaceAll(service, ".", "-"))}, s.tags()...))
}

func (s *spec) s3Endpoint(n names) *cfn.Map {
	m := cfn.M("VpcEndpointType", "Gateway", "ServiceName", cfn.Sub("com.amazonaws.${AWS::Region}.s3"), "VpcId", cfn.Ref("VpcId"))
	if s.hasRouteTables() {
		m.Set("RouteTableIds", cfn.Ref("RouteTableIds"))
	}
	return m.Set("Tags", append([]any{cfn.M("Key", "Name", "Value", s.Stem()+"-s3")}, s.tags()...))
}

func (s *spec) hasRouteTables() bool {
	v := s.cfg.VPC
	return v != nil && (v.RouteTableParamPath != "" || len(v.RouteTableIDs) > 0)
}

// parameters are the enterprise tier's network inputs: SSM-typed
// parameters CloudFormation resolves at deploy time, or the ids as given.
func (s *spec) parameters() *cfn.Map {
	v := s.cfg.VPC
	if !s.enterprise() || v == nil {
		return nil
	}
	p := cfn.NewMap()
	ssm := v.Source == "parameter-store"
	add := func(name, ssmType, directType, path string, direct any, what string) {
		if ssm {
			p.Set(name, cfn.M("Type", "AWS::SSM::Parameter::Value<"+ssmType+">", "Default", path,
				"Description", "The SSM parameter holding "+what+"; CloudFormation resolves it at deploy time"))
			return
		}
		p.Set(name, cfn.M("Type", directType, "Default", direct, "Description", upperFirst(what)))
	}
	add("VpcId", "AWS::EC2::VPC::Id", "AWS::EC2::VPC::Id", v.VPCParameterPath, v.VPCID, "the VPC id")
	add("SubnetIds", "List<AWS::EC2::Subnet::Id>", "List<AWS::EC2::Subnet::Id>", v.SubnetParameterPath, strings.Join(v.SubnetIDs, ","),
		"the private subnet ids of the interface endpoints")
	if v.Mode == "sg-provisioner" {
		add("EndpointSecurityGroupId", "AWS::EC2::SecurityGroup::Id", "AWS::EC2::SecurityGroup::Id", v.SGParameterPath, v.SecurityGroupID,
			"the security group of the interface endpoints (published by the sg kind)")
	}
	if s.hasRouteTables() {
		add("RouteTableIds", "List<String>", "CommaDelimitedList", v.RouteTableParamPath, strings.Join(v.RouteTableIDs, ","),
			"the route tables of the S3 gateway endpoint")
	}
	return p
}

// kebab turns RootAccountUsage into root-account-usage.
func kebab(s string) string {
	var b strings.Builder
	for i, r := range s {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte('-')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}
