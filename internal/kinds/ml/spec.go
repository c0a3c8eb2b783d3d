package ml

import (
	"fmt"
	"strings"

	"github.com/landform/landform/internal/config"
	"github.com/landform/landform/internal/kinds"
)

// spec is one loaded ml config.
type spec struct {
	doc     *config.Document
	cfg     Config
	product *ProductFile
	sc      Scenario
	// introducedBy names the smallest tier that has each resource.
	introducedBy map[string]string
}

var _ kinds.Spec = (*spec)(nil)
var _ kinds.Reviewer = (*spec)(nil)

func newSpec(doc *config.Document, c Config, p *ProductFile) *spec {
	s := &spec{doc: doc, cfg: c, product: p, sc: Scenario{SourceControl: c.Product.SourceControl}, introducedBy: map[string]string{}}
	if c.Product.Tier == "enterprise" && c.VPC != nil {
		s.sc.VPCMode = c.VPC.Mode
	}
	if s.cfg.Product.ArtifactRetention == 0 {
		s.cfg.Product.ArtifactRetention = defaultArtifactRetention
	}
	if s.cfg.Product.Build.Image == "" {
		s.cfg.Product.Build.Image = defaultImage
	}
	if s.cfg.Product.Build.ComputeType == "" {
		s.cfg.Product.Build.ComputeType = defaultComputeType
	}
	return s
}

func (s *spec) tier() string { return s.cfg.Product.Tier }

func (s *spec) enterprise() bool { return s.tier() == "enterprise" }

// managedPolicies says whether the tier gives its roles managed policies
// (professional, enterprise) rather than inline ones (starter).
func (s *spec) managedPolicies() bool { return s.tier() != "starter" }

// prefix is {company_prefix}-{env}-{tenant_id}.
func (s *spec) prefix() string {
	c := s.cfg
	return fmt.Sprintf("%s-%s-%s", c.Client.CompanyPrefix, c.Environment.Env, c.Client.TenantID)
}

func (s *spec) useCase() string {
	if w := s.cfg.Product.Workload; w != "" {
		return s.cfg.Product.UseCase + "-" + w
	}
	return s.cfg.Product.UseCase
}

// Stem is the product name,
// {company_prefix}-{env}-{tenant_id}-{region}-{use_case}[-{workload}]-ml,
// or product_name_override.
func (s *spec) Stem() string {
	if o := s.cfg.Product.NameOverride; o != "" {
		return o
	}
	return strings.Join([]string{s.prefix(), s.cfg.Environment.Region, s.useCase(), "ml"}, "-")
}

// iamBase is the stem without the region, for IAM names (and the bucket):
// IAM is global, and role names are limited to 64 characters.
func (s *spec) iamBase() string {
	if o := s.cfg.Product.NameOverride; o != "" {
		return o
	}
	return strings.Join([]string{s.prefix(), s.useCase(), "ml"}, "-")
}

// StackName is {stem}-stack.
func (s *spec) StackName() string { return s.Stem() + "-stack" }

// TemplateBucket is deployment.template_bucket.
func (s *spec) TemplateBucket() string { return s.cfg.Deployment.TemplateBucket }

// Target is the account, region and tags; the template stores its own
// outputs in SSM, so deploy writes none.
func (s *spec) Target() kinds.Target {
	return kinds.Target{Account: s.cfg.Client.AccountID, Region: s.cfg.Environment.Region, Tags: s.cfg.Tags,
		TemplatePrefix: s.cfg.Deployment.TemplatePrefix}
}

// Inventory counts what the stack creates, as the seed counts it.
func (s *spec) Inventory() map[string]int {
	_, total, ssm := s.product.Counts(s.sc)
	return map[string]int{"resources": total, "ssm_parameters": ssm}
}

// names are every physical name the template uses.
type names struct {
	ModelPackageGroup, BuildRepo, DeployRepo, Bucket       string
	BuildProject, DeployProject, BuildPipeline, DeployPipe string
	CodeBuildRole, CodePipelineRole, SageMakerRole         string
	BuildPolicy, DeployPolicy, BoundaryPolicy              string
	Rule, Dashboard, LogGroup, Topic, Alias, SecurityGroup string
	RootAlarm, UnauthorizedAlarm, MetricNamespace          string
	SageMakerPipeline                                      string
	Trail, TrailBucket, TrailRole, TrailPolicy             string
}

func (s *spec) names() names {
	n, i := s.Stem(), s.iamBase()
	return names{
		ModelPackageGroup: n, BuildRepo: n + "-model-build", DeployRepo: n + "-model-deploy", Bucket: i + "-artifacts",
		BuildProject: n + "-build", DeployProject: n + "-deploy", BuildPipeline: n + "-build-pipeline", DeployPipe: n + "-deploy-pipeline",
		CodeBuildRole: i + "-codebuild-role", CodePipelineRole: i + "-codepipeline-role", SageMakerRole: i + "-sagemaker-role",
		BuildPolicy: i + "-build-policy", DeployPolicy: i + "-deploy-policy", BoundaryPolicy: i + "-permission-boundary",
		Rule: i + "-model-approved", Dashboard: n + "-dashboard", LogGroup: "/ml/" + n + "/compliance",
		Topic: n + "-security-alerts", Alias: "alias/" + n, SecurityGroup: n + "-vpc-endpoints",
		RootAlarm: n + "-root-account-usage", UnauthorizedAlarm: n + "-unauthorized-api-calls",
		MetricNamespace: "landform/ml/" + n, SageMakerPipeline: n + "-pipeline",
		Trail: n + "-compliance", TrailBucket: i + "-trail", TrailRole: i + "-cloudtrail-role", TrailPolicy: i + "-cloudtrail-policy",
	}
}

// parameterName is where an SSM parameter of the product is published.
func (s *spec) parameterName(name string) string { return "/ml/" + s.Stem() + "/" + name }
