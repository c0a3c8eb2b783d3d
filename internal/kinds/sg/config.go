package sg

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Config is an sg config file, decoded after schema validation. The JSON
// Schema in assets/schemas/sg.json is the authority on shapes; this type
// mirrors it.
type Config struct {
	Kind        string                  `json:"kind"`
	Client      Client                  `json:"client"`
	Environment Environment             `json:"environment"`
	VPC         VPC                     `json:"vpc"`
	Scenario    string                  `json:"scenario"`
	Workload    string                  `json:"workload"`
	Overrides   map[string]TierOverride `json:"overrides"`
	Deployment  Deployment              `json:"deployment"`
	Tags        map[string]string       `json:"tags"`
}

// Client names the organisation and the account the stack goes to.
type Client struct {
	Name          string `json:"name"`
	CompanyPrefix string `json:"company_prefix"`
	TenantID      string `json:"tenant_id"`
	AccountID     string `json:"account_id"`
}

// Environment is the stage and region of the stack.
type Environment struct {
	Env    string `json:"env"`
	Region string `json:"region"`
}

// VPC says where the VPC id comes from.
type VPC struct {
	Source        string `json:"vpc_source"` // parameter-store or direct
	ParameterPath string `json:"vpc_parameter_store_path"`
	ID            string `json:"vpc_id"`
}

// Deployment says where templates too large for TemplateBody are uploaded.
type Deployment struct {
	TemplateBucket string `json:"template_bucket"`
	TemplatePrefix string `json:"template_prefix"`
}

// TierOverride changes one tier of the scenario.
type TierOverride struct {
	Ports   map[string]Ports `json:"ports"`
	Ingress []RuleSpec       `json:"ingress"`
	Egress  []RuleSpec       `json:"egress"`
}

// RuleSpec is a rule as scenario files and configs write it.
type RuleSpec struct {
	Name            string `json:"name"`
	Description     string `json:"description"`
	Protocol        string `json:"protocol"`
	Port            *Ports `json:"port"`
	CIDR            string `json:"cidr"`
	CIDRv6          string `json:"cidr_ipv6"`
	PrefixList      string `json:"prefix_list"`
	SourceTier      string `json:"source_tier"`
	DestinationTier string `json:"destination_tier"`
}

// Ports is a port (443) or a range ("8000-8100").
type Ports struct {
	From, To int
}

// UnmarshalJSON reads 443 or "8000-8100".
func (p *Ports) UnmarshalJSON(b []byte) error {
	var n int
	if err := json.Unmarshal(b, &n); err == nil {
		p.From, p.To = n, n
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("ports: want a number or \"from-to\", got %s", b)
	}
	from, to, ok := strings.Cut(s, "-")
	f, err1 := strconv.Atoi(from)
	t, err2 := strconv.Atoi(to)
	if !ok || err1 != nil || err2 != nil {
		return fmt.Errorf("ports: want \"from-to\", got %q", s)
	}
	p.From, p.To = f, t
	return nil
}

// String is "443" or "8000-8100".
func (p Ports) String() string {
	if p.From == p.To {
		return strconv.Itoa(p.From)
	}
	return fmt.Sprintf("%d-%d", p.From, p.To)
}
