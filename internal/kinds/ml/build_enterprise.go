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
	// The trail bucket's default encryption is this key: CloudTrail, writing
	// the log files, makes their data keys.
	trail := cfn.M("Sid", "CloudTrailEncryptsLogFiles", "Effect", "Allow",
		"Principal", cfn.M("Service", "cloudtrail.amazonaws.com"),
		"Action", []any{"kms:DescribeKey", "kms:GenerateDataKey*"}, "Resource", "*",
		"Condition", cfn.M("StringEquals", cfn.M("aws:SourceArn",
			cfn.Sub("arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/"+n.Trail))))
	statements := []*cfn.Map{root, logs, alarms}
	if s.createsTrail() {
		statements = append(statements, trail)
	}
	return cfn.M("Description", "Encrypts the ML artifacts, projects, pipelines, compliance logs and alerts of "+s.Stem(),
		"EnableKeyRotation", true, "KeyPolicy", doc(statements...), "Tags", s.tags())
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
	var group any = cfn.Ref("ComplianceLogGroup")
	if c := s.cfg.Compliance; c != nil && c.TrailLogGroup != "" {
		group = c.TrailLogGroup // where an existing trail already delivers
	}
	return cfn.M("FilterName", s.Stem()+"-"+kebab(m.name), "LogGroupName", group, "FilterPattern", m.pattern,
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
	p := cfn.NewMap()
	if d := s.cfg.DataLake; d != nil {
		p.Set("DataLakeBucket", cfn.M("Type", "AWS::SSM::Parameter::Value<String>", "Default", d.BucketParameter,
			"Description", "The SSM parameter the S3 provisioner writes the data lake bucket's name to; CloudFormation resolves it at deploy time"))
	}
	v := s.cfg.VPC
	if !s.enterprise() || v == nil {
		if p.Len() == 0 {
			return nil
		}
		return p
	}
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

// trailBucket holds the trail's log files: CloudTrail needs a bucket even
// when it delivers to CloudWatch Logs. Audit evidence outlives the stack
// (DeletionPolicy Retain).
func (s *spec) trailBucket(n names) *cfn.Map {
	return cfn.M("BucketName", n.TrailBucket,
		"BucketEncryption", cfn.M("ServerSideEncryptionConfiguration", []any{cfn.M("ServerSideEncryptionByDefault",
			cfn.M("SSEAlgorithm", "aws:kms", "KMSMasterKeyID", cfn.GetAtt("KmsKey", "Arn")), "BucketKeyEnabled", true)}),
		"VersioningConfiguration", cfn.M("Status", "Enabled"),
		"PublicAccessBlockConfiguration", cfn.M("BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
		"OwnershipControls", cfn.M("Rules", []any{cfn.M("ObjectOwnership", "BucketOwnerEnforced")}),
		"Tags", s.tags())
}

// trailBucketPolicy is what CloudTrail documents for a trail's bucket:
// GetBucketAcl on the bucket and PutObject under AWSLogs/{account}/, both
// for this account's trail only (aws:SourceArn), and TLS for everyone.
func (s *spec) trailBucketPolicy(n names) *cfn.Map {
	trailARN := cfn.Sub("arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/" + n.Trail)
	service := cfn.M("Service", "cloudtrail.amazonaws.com")
	source := cfn.M("StringEquals", cfn.M("aws:SourceArn", trailARN))
	return cfn.M("Bucket", cfn.Ref("ComplianceTrailBucket"), "PolicyDocument", doc(
		cfn.M("Sid", "CloudTrailAclCheck", "Effect", "Allow", "Principal", service, "Action", "s3:GetBucketAcl",
			"Resource", cfn.GetAtt("ComplianceTrailBucket", "Arn"), "Condition", source),
		cfn.M("Sid", "CloudTrailWrite", "Effect", "Allow", "Principal", service, "Action", "s3:PutObject",
			"Resource", cfn.Sub("${ComplianceTrailBucket.Arn}/AWSLogs/${AWS::AccountId}/*"),
			"Condition", cfn.M("StringEquals", cfn.M("aws:SourceArn", trailARN, "s3:x-amz-acl", "bucket-owner-full-control"))),
		cfn.M("Sid", "TLSOnly", "Effect", "Deny", "Principal", "*", "Action", "s3:*",
			"Resource", []any{cfn.GetAtt("ComplianceTrailBucket", "Arn"), cfn.Sub("${ComplianceTrailBucket.Arn}/*")},
			"Condition", cfn.M("Bool", cfn.M("aws:SecureTransport", "false")))))
}

// trailRole lets CloudTrail (of this account) write the compliance log
// group's streams, nothing else. It is not one of the product's three
// roles and has no boundary: its own policy is narrower than any.
func (s *spec) trailRole(n names) *cfn.Map {
	t := doc(cfn.M("Effect", "Allow", "Principal", cfn.M("Service", "cloudtrail.amazonaws.com"), "Action", "sts:AssumeRole",
		"Condition", cfn.M("StringEquals", cfn.M("aws:SourceAccount", cfn.Ref("AWS::AccountId")))))
	return cfn.M("RoleName", n.TrailRole, "Description", "CloudTrail delivers the account's events to the compliance log group of "+s.Stem(),
		"AssumeRolePolicyDocument", t, "Tags", s.tags())
}

func (s *spec) trailPolicy(n names) *cfn.Map {
	return s.managedPolicy(n.TrailPolicy, "CloudTrail writes the compliance log group of "+s.Stem(), []string{"ComplianceTrailRole"},
		[]*cfn.Map{cfn.M("Sid", "DeliverEvents", "Effect", "Allow", "Action", []any{"logs:CreateLogStream", "logs:PutLogEvents"},
			"Resource", cfn.GetAtt("ComplianceLogGroup", "Arn"))})
}

// trail feeds the compliance log group: without it the metric filters see
// nothing and the alarms can never fire.
func (s *spec) trail(n names) *cfn.Map {
	return cfn.M("TrailName", n.Trail, "IsLogging", true, "S3BucketName", cfn.Ref("ComplianceTrailBucket"),
		"IsMultiRegionTrail", true, "IncludeGlobalServiceEvents", true, "EnableLogFileValidation", true,
		"CloudWatchLogsLogGroupArn", cfn.GetAtt("ComplianceLogGroup", "Arn"), "CloudWatchLogsRoleArn", cfn.GetAtt("ComplianceTrailRole", "Arn"),
		"Tags", s.tags())
}

// createsTrail reports whether the stack makes the trail that feeds the
// compliance log group (compliance.trail: create, enterprise only).
func (s *spec) createsTrail() bool {
	return s.enterprise() && s.cfg.Compliance != nil && s.cfg.Compliance.Trail == "create"
}
