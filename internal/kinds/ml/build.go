package ml

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/kinds/ml/mlrule"
	"github.com/landform/landform/internal/version"
)

// builder returns one resource's properties.
type builder func(s *spec, n names) *cfn.Map

// builders build every resource a product file may list, by logical id.
var builders = map[string]builder{
	"ModelPackageGroup":           (*spec).modelPackageGroup,
	"ModelBuildRepository":        func(s *spec, n names) *cfn.Map { return s.repository(n.BuildRepo, "model-build") },
	"ModelDeployRepository":       func(s *spec, n names) *cfn.Map { return s.repository(n.DeployRepo, "model-deploy") },
	"ArtifactsBucket":             (*spec).bucket,
	"CodeBuildRole":               (*spec).codeBuildRole,
	"CodePipelineRole":            (*spec).codePipelineRole,
	"SageMakerExecutionRole":      (*spec).sageMakerRole,
	"BuildProject":                func(s *spec, n names) *cfn.Map { return s.project(n, true) },
	"DeployProject":               func(s *spec, n names) *cfn.Map { return s.project(n, false) },
	"BuildPipeline":               func(s *spec, n names) *cfn.Map { return s.pipeline(n, true) },
	"DeployPipeline":              func(s *spec, n names) *cfn.Map { return s.pipeline(n, false) },
	"BuildPolicy":                 (*spec).buildPolicy,
	"DeployPolicy":                (*spec).deployPolicy,
	"ModelApprovalRule":           (*spec).approvalRule,
	"PipelineDashboard":           (*spec).dashboard,
	"KmsKey":                      (*spec).kmsKey,
	"KmsKeyAlias":                 func(s *spec, n names) *cfn.Map { return cfn.M("AliasName", n.Alias, "TargetKeyId", cfn.Ref("KmsKey")) },
	"PermissionBoundaryPolicy":    (*spec).boundaryPolicy,
	"ComplianceLogGroup":          (*spec).logGroup,
	"ComplianceTrailBucket":       (*spec).trailBucket,
	"ComplianceTrailBucketPolicy": (*spec).trailBucketPolicy,
	"ComplianceTrailRole":         (*spec).trailRole,
	"ComplianceTrailPolicy":       (*spec).trailPolicy,
	"ComplianceTrail":             (*spec).trail,
	"RootAccountUsageFilter":      func(s *spec, n names) *cfn.Map { return s.metricFilter(n, rootUsage) },
	"UnauthorizedApiCallsFilter":  func(s *spec, n names) *cfn.Map { return s.metricFilter(n, unauthorized) },
	"RootAccountUsageAlarm":       func(s *spec, n names) *cfn.Map { return s.alarm(n, rootUsage) },
	"UnauthorizedApiCallsAlarm":   func(s *spec, n names) *cfn.Map { return s.alarm(n, unauthorized) },
	"SecurityAlertsTopic":         (*spec).topic,
	"SecurityAlertsSubscription":  (*spec).subscription,
	"EndpointSecurityGroup":       (*spec).endpointSecurityGroup,
	"SageMakerApiEndpoint":        func(s *spec, n names) *cfn.Map { return s.interfaceEndpoint(n, "sagemaker.api", "SageMaker API") },
	"SageMakerRuntimeEndpoint": func(s *spec, n names) *cfn.Map {
		return s.interfaceEndpoint(n, "sagemaker.runtime", "SageMaker Runtime")
	},
	"StsEndpoint": func(s *spec, n names) *cfn.Map { return s.interfaceEndpoint(n, "sts", "STS") },
	"S3Endpoint":  (*spec).s3Endpoint,
}

// dependsOn orders resources CloudFormation cannot order from references:
// a pipeline starts its first run when created, so its role's managed
// policy must be attached by then.
func (s *spec) dependsOn(id string) []string {
	if s.managedPolicies() && (id == "BuildPipeline" || id == "DeployPipeline") {
		return []string{"BuildPolicy", "DeployPolicy"}
	}
	if id == "ComplianceTrail" {
		// CloudTrail checks, at create, that the bucket policy lets it write.
		// and that its role may write the log group.
		return []string{"ComplianceTrailBucketPolicy", "ComplianceTrailPolicy"}
	}
	return nil
}

// ConfigHash is the SHA-256 of the config's data in canonical JSON.
func (s *spec) ConfigHash() string {
	raw, _ := json.Marshal(s.doc.Value())
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:])
}

// Build returns the stack's template: the tier's resources for the
// config's source control and VPC mode, in the product file's order, its
// SSM parameters and an output per parameter.
func (s *spec) Build() (*cfn.Template, error) {
	c := s.cfg
	n := s.names()
	meta := cfn.M("Generator", "landform "+version.Version, "Kind", "ml", "Tier", s.tier(),
		"SourceControl", s.sc.SourceControl)
	meta.SetIf(s.sc.VPCMode != "", "VpcMode", s.sc.VPCMode)
	meta.Set("Stem", s.Stem())
	meta.Set("RequiredTags", []any{"cost_center", "owner", "project"})
	meta.Set("ConfigSHA256", s.ConfigHash())
	t := &cfn.Template{
		Description: fmt.Sprintf("landform ml %s (%s): MLOps scaffolding for %s in %s (%s)", s.tier(), s.sc, c.Product.UseCase, c.Environment.Region, s.Stem()),
		Metadata:    cfn.M("Landform", meta),
		Parameters:  s.parameters(),
	}
	for _, r := range s.product.ResourcesFor(s.sc) {
		b, ok := builders[r.ID]
		if !ok {
			return nil, fmt.Errorf("product %s: no builder for resource %s", s.product.File, r.ID)
		}
		res := cfn.Resource{LogicalID: r.ID, Type: r.Type, DependsOn: s.dependsOn(r.ID), Properties: b(s, n)}
		if j := c.Product.Build.PrivilegedJustification; r.Type == "AWS::CodeBuild::Project" && c.Product.Build.PrivilegedMode && j != "" {
			res.Metadata = cfn.M("Landform", cfn.M(mlrule.JustificationKey, j))
		}
		if err := t.AddResource(res); err != nil {
			return nil, err
		}
	}
	if s.createsTrail() {
		// Beyond the product's counts: the trail that feeds the
		// compliance log group, so the security alarms can fire.
		for _, r := range []struct{ id, typ string }{
			{"ComplianceTrailBucket", "AWS::S3::Bucket"}, {"ComplianceTrailBucketPolicy", "AWS::S3::BucketPolicy"},
			{"ComplianceTrailRole", "AWS::IAM::Role"}, {"ComplianceTrailPolicy", "AWS::IAM::ManagedPolicy"},
			{"ComplianceTrail", "AWS::CloudTrail::Trail"},
		} {
			res := cfn.Resource{LogicalID: r.id, Type: r.typ, DependsOn: s.dependsOn(r.id), Properties: builders[r.id](s, n), Retain: r.id == "ComplianceTrailBucket"}
			if err := t.AddResource(res); err != nil {
				return nil, err
			}
		}
	}
	for _, p := range s.product.ParametersFor(s.sc) {
		props := cfn.M("Name", s.parameterName(p.Name), "Type", "String", "Value", from(p.From),
			"Description", fmt.Sprintf("%s of %s", upperFirst(p.Purpose), s.Stem()))
		props.Set("Tags", s.tagMap())
		if err := t.AddResource(cfn.Resource{LogicalID: p.Name + "Parameter", Type: "AWS::SSM::Parameter", Properties: props}); err != nil {
			return nil, err
		}
	}
	for _, p := range s.product.ParametersFor(s.sc) {
		if err := t.AddOutput(cfn.Output{LogicalID: p.Name, Description: upperFirst(p.Purpose) + " (SSM " + s.parameterName(p.Name) + ")",
			Value: from(p.From), Export: cfn.Sub("${AWS::StackName}-" + p.Name)}); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// from turns "Id" into a Ref and "Id.Attr" into a GetAtt.
func from(f string) any {
	if id, attr, ok := strings.Cut(f, "."); ok {
		return cfn.GetAtt(id, attr)
	}
	return cfn.Ref(f)
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// tags are the config's tags as a Tags list, sorted by key.
func (s *spec) tags() []any {
	var out []any
	for _, k := range sortedKeys(s.cfg.Tags) {
		out = append(out, cfn.M("Key", k, "Value", s.cfg.Tags[k]))
	}
	return out
}

// tagMap is the config's tags as the map SSM parameters take.
func (s *spec) tagMap() *cfn.Map {
	m := cfn.NewMap()
	for _, k := range sortedKeys(s.cfg.Tags) {
		m.Set(k, s.cfg.Tags[k])
	}
	return m
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (s *spec) modelPackageGroup(n names) *cfn.Map {
	return cfn.M("ModelPackageGroupName", n.ModelPackageGroup,
		"ModelPackageGroupDescription", fmt.Sprintf("Model registry of %s: the build pipeline registers model packages, approval starts deployment", s.Stem()),
		"Tags", s.tags())
}

func (s *spec) repository(name, what string) *cfn.Map {
	return cfn.M("RepositoryName", name,
		"RepositoryDescription", fmt.Sprintf("The %s code of %s", what, s.Stem()), "Tags", s.tags())
}

func (s *spec) bucket(n names) *cfn.Map {
	days := s.cfg.Product.ArtifactRetention
	enc := cfn.M("ServerSideEncryptionByDefault", cfn.M("SSEAlgorithm", "AES256"))
	if s.enterprise() {
		enc = cfn.M("ServerSideEncryptionByDefault", cfn.M("SSEAlgorithm", "aws:kms", "KMSMasterKeyID", cfn.GetAtt("KmsKey", "Arn")),
			"BucketKeyEnabled", true)
	}
	return cfn.M("BucketName", n.Bucket,
		"BucketEncryption", cfn.M("ServerSideEncryptionConfiguration", []any{enc}),
		"VersioningConfiguration", cfn.M("Status", "Enabled"),
		"PublicAccessBlockConfiguration", cfn.M("BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
		"OwnershipControls", cfn.M("Rules", []any{cfn.M("ObjectOwnership", "BucketOwnerEnforced")}),
		"LifecycleConfiguration", cfn.M("Rules", []any{cfn.M("Id", "expire-pipeline-artifacts", "Status", "Enabled",
			"ExpirationInDays", days, "NoncurrentVersionExpiration", cfn.M("NoncurrentDays", days),
			"AbortIncompleteMultipartUpload", cfn.M("DaysAfterInitiation", 7))}),
		"Tags", s.tags())
}

func trust(services ...string) *cfn.Map {
	svc := make([]any, len(services))
	for i, x := range services {
		svc[i] = x
	}
	var p any = svc
	if len(svc) == 1 {
		p = svc[0]
	}
	return doc(cfn.M("Effect", "Allow", "Principal", cfn.M("Service", p), "Action", "sts:AssumeRole"))
}

func (s *spec) role(name, description string, trustDoc *cfn.Map, inline []*cfn.Map) *cfn.Map {
	m := cfn.M("RoleName", name, "Description", description, "AssumeRolePolicyDocument", trustDoc)
	if !s.managedPolicies() {
		m.Set("Policies", []any{cfn.M("PolicyName", name+"-policy", "PolicyDocument", doc(inline...))})
	}
	if s.enterprise() {
		m.Set("PermissionsBoundary", cfn.Ref("PermissionBoundaryPolicy"))
	}
	return m.Set("Tags", s.tags())
}

func (s *spec) codeBuildRole(n names) *cfn.Map {
	return s.role(n.CodeBuildRole, "Service role of the build and deploy CodeBuild projects of "+s.Stem(),
		trust("codebuild.amazonaws.com"), s.codeBuildStatements())
}

func (s *spec) codePipelineRole(n names) *cfn.Map {
	t := trust("codepipeline.amazonaws.com")
	if s.tier() != "starter" {
		// EventBridge starts the deploy pipeline with this role.
		t = trust("codepipeline.amazonaws.com", "events.amazonaws.com")
	}
	return s.role(n.CodePipelineRole, "Service role of the build and deploy pipelines of "+s.Stem(), t, s.codePipelineStatements())
}

func (s *spec) sageMakerRole(n names) *cfn.Map {
	// The role may pass itself to SageMaker jobs; a GetAtt of itself would
	// be a cycle, so its inline policy names its resources.
	var st []*cfn.Map
	for _, x := range s.sageMakerStatements() {
		st = append(st, s.literal(x).(*cfn.Map))
	}
	return s.role(n.SageMakerRole, "Execution role of the SageMaker pipeline, jobs and endpoints of "+s.Stem(),
		trust("sagemaker.amazonaws.com"), st)
}

func (s *spec) managedPolicy(name, description string, roles []string, st []*cfn.Map) *cfn.Map {
	m := cfn.M("ManagedPolicyName", name, "Description", description, "PolicyDocument", doc(st...))
	if len(roles) > 0 {
		refs := make([]any, len(roles))
		for i, r := range roles {
			refs[i] = cfn.Ref(r)
		}
		m.Set("Roles", refs)
	}
	return m
}

func (s *spec) buildPolicy(n names) *cfn.Map {
	return s.managedPolicy(n.BuildPolicy, "Build and training permissions of "+s.Stem(),
		[]string{"CodeBuildRole", "SageMakerExecutionRole"}, s.buildPolicyStatements())
}

func (s *spec) deployPolicy(n names) *cfn.Map {
	return s.managedPolicy(n.DeployPolicy, "Orchestration and deployment permissions of "+s.Stem(),
		[]string{"CodePipelineRole", "CodeBuildRole"}, s.deployPolicyStatements())
}

func (s *spec) boundaryPolicy(n names) *cfn.Map {
	return s.managedPolicy(n.BoundaryPolicy, "Permission boundary of the roles of "+s.Stem()+": nothing beyond this product", nil, s.boundaryStatements())
}
