package principals

import (
	"strings"

	"github.com/landform/landform/internal/iam/eval"
)

// loadResourcePolicy takes in a resource-based policy of a template: a
// bucket, key, repository, queue, topic or secret policy, with the ARNs it
// governs.
func (w *Model) loadResourcePolicy(r *resolver, typ, id string, p map[string]any, warn func(string, string)) {
	switch typ {
	case "AWS::S3::BucketPolicy":
		b, err := r.str(p["Bucket"])
		if err != nil {
			warn("Bucket", err.Error()+"; the bucket policy is left out")
			return
		}
		w.addResourcePolicy(r, typ, id, p["PolicyDocument"], []string{"arn:aws:s3:::" + b, "arn:aws:s3:::" + b + "/*"}, warn)
	case "AWS::KMS::Key":
		w.addResourcePolicy(r, typ, id, p["KeyPolicy"], []string{r.arns[id]}, warn)
	case "AWS::ECR::Repository":
		w.addResourcePolicy(r, typ, id, p["RepositoryPolicyText"], []string{r.arns[id]}, warn)
	default:
		field, doc := policyTargets[typ][0], policyTargets[typ][1]
		targets, err := r.strs(p[field])
		if err != nil {
			warn(field, err.Error()+"; the policy is left out")
			return
		}
		arns := make([]string, 0, len(targets))
		for _, t := range targets {
			arns = append(arns, queueARN(t))
		}
		w.addResourcePolicy(r, typ, id, p[doc], arns, warn)
	}
}

func (w *Model) addResourcePolicy(r *resolver, typ, id string, doc any, arns []string, warn func(string, string)) {
	if doc == nil {
		return
	}
	rd := r.policy(doc, func(m string) { warn("PolicyDocument", m) })
	pol, err := w.compile(rd, eval.Resource, PolicySource{File: r.src.File, LogicalID: id})
	if err != nil {
		warn("PolicyDocument", err.Error()+"; the resource policy is left out")
		return
	}
	w.Resources = append(w.Resources, &ResourcePolicy{Type: typ, ARNs: arns, Account: r.src.Account, Policy: pol, Doc: rd, File: r.src.File, LogicalID: id})
}

// policyTargets are the resource policies written as their own resource:
// the field naming what they govern, and the field holding the document.
var policyTargets = map[string][2]string{
	"AWS::SQS::QueuePolicy":               {"Queues", "PolicyDocument"},
	"AWS::SNS::TopicPolicy":               {"Topics", "PolicyDocument"},
	"AWS::SecretsManager::ResourcePolicy": {"SecretId", "ResourcePolicy"},
}

// queueARN is the ARN of an SQS queue URL (https://sqs.REGION.amazonaws.com/
// ACCOUNT/NAME), which is what a queue's Ref and QueuePolicy's Queues hold;
// anything else is returned as it is.
func queueARN(s string) string {
	rest, ok := strings.CutPrefix(s, "https://sqs.")
	if !ok {
		return s
	}
	host, path, _ := strings.Cut(rest, "/")
	region, _, _ := strings.Cut(host, ".")
	acct, name, ok := strings.Cut(path, "/")
	if !ok || region == "" {
		return s
	}
	return "arn:aws:sqs:" + region + ":" + acct + ":" + name
}
