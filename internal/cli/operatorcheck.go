package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/landform/landform/internal/artifact"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/iam/eval"
	"github.com/landform/landform/internal/operator"
	"github.com/landform/landform/internal/yamltree"
)

// operatorPolicy is an operator policy read from a file, compiled.
type operatorPolicy struct {
	file     string
	compiled *eval.Policy
	accounts []string // the account ids its ARNs name
	regions  []string // the regions its ARNs name
}

// readOperatorPolicy reads an IAM policy document (JSON, or YAML). A
// syntax error or a statement IAM would refuse is an error at its line.
func readOperatorPolicy(file string) (*operatorPolicy, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("reading --operator-policy: %w", unwrapPathError(err))
	}
	tree, fs := yamltree.Parse(file, data, yamltree.Options{Rule: func(int) string { return "LF-OPS-001" }, What: "policy"})
	if tree == nil || fs.HasErrors() {
		return nil, fmt.Errorf("--operator-policy %s is not a policy document: %s", file, firstErrorFinding(fs))
	}
	cp, err := eval.CompileNode(eval.NodeOf(tree.Root.Interface()), eval.Identity, file)
	if err != nil {
		msg := err.Error()
		if m := statementIndex.FindStringSubmatch(msg); m != nil {
			var i int
			fmt.Sscan(m[1], &i)
			if items := tree.Root.Get("Statement"); items != nil && i < len(items.Items) {
				msg = items.Items[i].Pos.String() + ": " + msg
			}
		}
		return nil, fmt.Errorf("--operator-policy: %s; fix the statement, or export the policy again with landform export --what operator-policy", msg)
	}
	p := &operatorPolicy{file: file, compiled: cp}
	for _, m := range arnPart.FindAllStringSubmatch(string(data), -1) {
		if m[1] != "" && !slices.Contains(p.regions, m[1]) {
			p.regions = append(p.regions, m[1])
		}
		if m[2] != "" && m[2] != "aws" && !slices.Contains(p.accounts, m[2]) {
			p.accounts = append(p.accounts, m[2])
		}
	}
	return p, nil
}

var (
	statementIndex = regexp.MustCompile(`statement (\d+)`)
	arnPart        = regexp.MustCompile(`arn:aws:[a-z0-9-]+:([a-z]{2}-[a-z]+-\d)?:(\d{12})?:`)
)

func firstErrorFinding(fs finding.List) string {
	for _, f := range fs {
		if f.Severity == finding.Error {
			return f.Pos.String() + ": " + f.Message
		}
	}
	return "empty"
}

// templateEnv is the stack a template given alone deploys as: the flags,
// else what the policy names (its one account and region), else an error
// that says which flag to give; the stack's name is --stack-name, else
// {stem}-stack of a landform template, else the file's name.
func (o *checkOptions) templateEnv(p *operatorPolicy, file string, tree *yamltree.Tree) (operator.Env, error) {
	env := operator.Env{Account: o.Account, Region: o.Region, StackName: o.StackName}
	pick := func(flag, have string, found []string) (string, error) {
		if have != "" {
			return have, nil
		}
		if len(found) == 1 {
			return found[0], nil
		}
		if len(found) == 0 {
			return "", usageErrorf("--operator-policy %s names no %s in its ARNs: give --%s", p.file, flag, flag)
		}
		return "", usageErrorf("--operator-policy %s names %d %ss (%s): give --%s", p.file, len(found), flag, strings.Join(found, ", "), flag)
	}
	var err error
	if env.Account, err = pick("account", env.Account, p.accounts); err != nil {
		return env, err
	}
	if env.Region, err = pick("region", env.Region, p.regions); err != nil {
		return env, err
	}
	if env.StackName == "" {
		if stem, ok := tree.Root.Get("Metadata").Get("Landform").Get("Stem").String(); ok {
			env.StackName = stem + "-stack"
		} else {
			env.StackName = strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
		}
	}
	return env, nil
}

// operatorFindings checks the policy against everything the template's
// lifecycle asks of AWS.
func operatorFindings(p *operatorPolicy, tree *yamltree.Tree, env operator.Env) (finding.List, error) {
	needs, notes := operator.Needs(tree, env)
	missing, err := operator.CheckCompiled(p.compiled, env, needs)
	if err != nil {
		return nil, err
	}
	return append(operator.Findings(p.file, missing), notes...), nil
}

// checkOperatorPolicy checks the policy landform exports against every
// stack of the config.
func checkOperatorPolicy(p iam.Policy, arts []*artifact.Artifact) (finding.List, error) {
	var fs finding.List
	for _, a := range arts {
		env := a.OperatorEnv()
		needs, _ := operator.Needs(a.Tree, env)
		missing, err := operator.Check(p, env, needs)
		if err != nil {
			return nil, err
		}
		fs = append(fs, operator.Findings("the exported operator policy", missing)...)
	}
	return fs, nil
}
