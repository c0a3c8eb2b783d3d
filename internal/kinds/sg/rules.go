package sg

import "github.com/landform/landform/internal/finding"

// configRules are the ids the kind's config validation reports, in id order.
var configRules = []finding.Rule{
	{ID: "LF-SG-100", Severity: finding.Error, Summary: "the config names no existing scenario, or a scenario file is broken or not named after its scenario"},
	{ID: "LF-SG-106", Severity: finding.Error, Summary: "a rule names a tier the scenario does not have"},
	{ID: "LF-SG-107", Severity: finding.Error, Summary: "an override names a tier or rule the scenario does not have"},
	{ID: "LF-SG-108", Severity: finding.Error, Summary: "a rule without exactly one peer, or with the tier field of the other direction"},
	{ID: "LF-SG-109", Severity: finding.Error, Summary: "two rules of a tier that EC2 would refuse as duplicates"},
	{ID: "LF-SG-110", Severity: finding.Error, Summary: "a tag key starts with aws:"},
	{ID: "LF-SG-111", Severity: finding.Warning, Summary: "a tier has more inbound or outbound rules than EC2's default quota of 60"},
	{ID: "LF-SG-112", Severity: finding.Error, Summary: "vpc_source and the vpc fields disagree"},
}
