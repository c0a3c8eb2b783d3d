package cli

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/landform/landform/internal/stack"
)

// dryRun prints the AWS calls a command would make for tg, and why. It
// makes none: not even sts:GetCallerIdentity.
func dryRun(w io.Writer, tg *target, command string, keep bool) {
	st, region := tg.Stack, tg.Target.Region
	var steps []string
	add := func(format string, args ...any) { steps = append(steps, fmt.Sprintf(format, args...)) }
	add("sts:GetCallerIdentity: check the credentials are for account %s", st.Account)
	add("cloudformation:DescribeStacks %s: does it exist, and in what state", st.Name)
	upload := func() {
		src, err := stack.PlannedSource(st, region)
		switch {
		case err != nil:
			add("stop: %v", err)
		case src.URL != nil:
			add("s3:PutObject s3://%s/%s: the template is %s bytes, over TemplateBody's 51,200; CloudFormation reads it from %s", src.Bucket, src.Key, commas(len(st.Body)), *src.URL)
		case src.Compact:
			add("send the template inline as compact JSON (TemplateBody, %s bytes; its YAML is %s)", commas(len(*src.Body)), commas(len(st.Body)))
		default:
			add("send the template inline (TemplateBody, %s bytes)", commas(len(st.Body)))
		}
	}
	switch command {
	case "plan":
		add("cloudformation:GetTemplate %s: the deployed template, for the semantic diff", st.Name)
		upload()
		add("cloudformation:CreateChangeSet (CREATE or UPDATE, CAPABILITY_NAMED_IAM), DescribeChangeSet until computed, DeleteChangeSet; for a new stack also DeleteStack of the empty REVIEW_IN_PROGRESS stack the change set made")
	case "deploy":
		upload()
		add("cloudformation:CreateChangeSet (CREATE or UPDATE, CAPABILITY_NAMED_IAM, tags %s), DescribeChangeSet until computed", tagList(st.Tags))
		add("cloudformation:ExecuteChangeSet, then DescribeStackEvents and DescribeStacks until %s resources are complete", commas(st.Resources))
		if st.OutputsPath != "" {
			add("ssm:PutParameter and ssm:AddTagsToResource for each of the %d outputs, as %s/{OutputKey}", st.Outputs, st.OutputsPath)
		}
		if tg.Suffix != "" {
			add("check the %d outputs have values", st.Outputs)
			if !keep {
				add("cloudformation:DeleteStack %s and ssm:DeleteParameters of its outputs (add --keep to keep the test stack)", st.Name)
			}
		}
	case "destroy":
		add("cloudformation:DeleteStack %s, then DescribeStackEvents and DescribeStacks until it is gone", st.Name)
		if st.OutputsPath != "" {
			add("ssm:GetParametersByPath %s and ssm:DeleteParameters of those tagged %s", st.OutputsPath, "landform:stack="+st.Name)
		}
	}
	fmt.Fprintf(w, "dry run: landform %s of %s would call, in account %s, region %s:\n", command, tg.Config, st.Account, region)
	for i, s := range steps {
		fmt.Fprintf(w, "  %d. %s\n", i+1, s)
	}
	fmt.Fprintln(w, "nothing was called")
}

func tagList(tags map[string]string) string {
	if len(tags) == 0 {
		return "none"
	}
	var parts []string
	for _, k := range sortedKeys(tags) {
		parts = append(parts, k+"="+tags[k])
	}
	return strings.Join(parts, ", ")
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
