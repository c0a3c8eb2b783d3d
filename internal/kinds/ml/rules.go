package ml

import "github.com/landform/landform/internal/finding"

// configRules are the ids the kind's config validation reports, in id order.
var configRules = []finding.Rule{
	{ID: "LF-ML-101", Severity: finding.Error, Summary: "an enterprise-only section (vpc_integration, alerts, compliance) below the enterprise tier"},
	{ID: "LF-ML-102", Severity: finding.Error, Summary: "a vpc_integration field of the other mode or vpc_source"},
	{ID: "LF-ML-103", Severity: finding.Error, Summary: "vpc_integration lacks a field its mode or vpc_source needs"},
	{ID: "LF-ML-104", Severity: finding.Error, Summary: "a generated resource name is longer than its service allows"},
	{ID: "LF-ML-105", Severity: finding.Error, Summary: "a tag key starts with aws:"},
	{ID: "LF-ML-106", Severity: finding.Error, Summary: "compliance asks both to create a trail and to read an existing trail's log group"},
}
