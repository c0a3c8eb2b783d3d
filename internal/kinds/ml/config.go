package ml

// Config is an ml config file, decoded after schema validation. The JSON
// Schemas in assets/schemas/ml-{tier}.json are the authority on shapes;
// this type mirrors their union.
type Config struct {
	Kind        string            `json:"kind"`
	Client      Client            `json:"client"`
	Environment Environment       `json:"environment"`
	Product     Product           `json:"ml_product"`
	VPC         *VPCIntegration   `json:"vpc_integration"`
	Alerts      *Alerts           `json:"alerts"`
	Compliance  *Compliance       `json:"compliance"`
	DataLake    *DataLake         `json:"data_lake"`
	Deployment  Deployment        `json:"deployment"`
	Tags        map[string]string `json:"tags"`
}

// Client names the organisation and the account the stack goes to.
type Client struct {
	CompanyName   string `json:"company_name"`
	CompanyPrefix string `json:"company_prefix"`
	AccountID     string `json:"account_id"`
	TenantID      string `json:"tenant_id"`
}

// Environment is the stage and region of the stack.
type Environment struct {
	Env    string `json:"env"`
	Region string `json:"region"`
}

// Product is the ml_product section.
type Product struct {
	UseCase           string `json:"use_case"`
	Tier              string `json:"tier"`
	SourceControl     string `json:"source_control"`
	NameOverride      string `json:"product_name_override"`
	Workload          string `json:"workload"`
	ArtifactRetention int    `json:"artifact_retention_days"`
	Build             Build  `json:"build"`
}

// Build tunes the CodeBuild projects.
type Build struct {
	Image                   string `json:"image"`
	ComputeType             string `json:"compute_type"`
	PrivilegedMode          bool   `json:"privileged_mode"`
	PrivilegedJustification string `json:"privileged_justification"`
}

// VPCIntegration is the enterprise tier's network: where the VPC, subnets,
// route tables and (sg-provisioner mode) the endpoint security group come
// from.
type VPCIntegration struct {
	Mode                string   `json:"mode"`       // standalone or sg-provisioner
	Source              string   `json:"vpc_source"` // parameter-store or direct
	VPCParameterPath    string   `json:"vpc_parameter_store_path"`
	SubnetParameterPath string   `json:"subnet_parameter_store_path"`
	SGParameterPath     string   `json:"sg_parameter_store_path"`
	RouteTableParamPath string   `json:"route_table_parameter_store_path"`
	VPCID               string   `json:"vpc_id"`
	SubnetIDs           []string `json:"subnet_ids"`
	SecurityGroupID     string   `json:"security_group_id"`
	RouteTableIDs       []string `json:"route_table_ids"`
	VPCCIDR             string   `json:"vpc_cidr"`
}

// Alerts is where the enterprise tier's security alarms are sent.
type Alerts struct {
	Email string `json:"email"`
}

// Compliance tunes the enterprise tier's compliance log group.
type Compliance struct {
	LogRetentionDays int `json:"log_retention_days"`
	// Trail "create" makes a trail that delivers to the compliance log
	// group (its bucket, bucket policy, role and policy too).
	Trail string `json:"trail"`
	// TrailLogGroup is the log group an existing trail delivers to: the
	// metric filters read it instead of the compliance log group.
	TrailLogGroup string `json:"trail_log_group"`
}

// DataLake is the tenant's ML data lake that the S3 provisioner makes: its
// bucket's name in SSM, and the prefix this product uses.
type DataLake struct {
	BucketParameter string `json:"bucket_parameter"`
	Prefix          string `json:"prefix"`
}

// Deployment says where templates too large for TemplateBody are uploaded.
type Deployment struct {
	TemplateBucket string `json:"template_bucket"`
	TemplatePrefix string `json:"template_prefix"`
}

// The defaults of optional fields.
const (
	defaultArtifactRetention = 30
	defaultLogRetention      = 365
	defaultImage             = "aws/codebuild/amazonlinux2-x86_64-standard:5.0"
	defaultComputeType       = "BUILD_GENERAL1_SMALL"
)
