package iam

import (
	"regexp"
	"strings"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/yamltree"
)

// awsPrincipal is what IAM accepts as an AWS principal: everyone, an
// account id, or the ARN of an account root, user, role, assumed-role
// session or federated user (or CloudFront's origin access identity user).
var awsPrincipal = regexp.MustCompile(`^(\*|\d{12}|arn:[a-z-]+:iam::(\d{12}|\*):(root|user/.+|role/.+|federated-user/.+)|arn:[a-z-]+:sts::(\d{12}|\*):(assumed-role|federated-user)/.+|arn:[a-z-]+:iam::cloudfront:user/.+)$`)

// subPseudo stand for the pseudo parameters a Fn::Sub string may use,
// so a principal built with them is checked as CloudFormation will see it.
var subPseudo = strings.NewReplacer("${AWS::AccountId}", "123456789012", "${AWS::Partition}", "aws",
	"${AWS::Region}", "us-east-1", "${AWS::URLSuffix}", "amazonaws.com")

// principals checks the AWS principals of a statement's Principal or
// NotPrincipal: each must be "*", an account id or an IAM or STS ARN, as
// written or after Fn::Sub fills in pseudo parameters. A value built from
// anything else (a parameter, a resource) is known only at deployment.
func principals(s *yamltree.Node, path string) finding.List {
	var fs finding.List
	for _, key := range []string{"Principal", "NotPrincipal"} {
		aws := s.Get(key).Get("AWS")
		var items []*yamltree.Node
		if aws != nil && aws.Kind == yamltree.Seq {
			items = aws.Items
		} else if aws != nil {
			items = []*yamltree.Node{aws}
		}
		for _, it := range items {
			v, ok := it.String()
			if sub, isSub := it.Get("Fn::Sub").String(); isSub && len(it.Entries) == 1 {
				v, ok = subPseudo.Replace(sub), true
				if strings.Contains(v, "${") {
					continue // a parameter or resource: known at deployment
				}
			}
			if !ok || awsPrincipal.MatchString(v) {
				continue
			}
			fs.Errorf("LF-IAM-001", it.Pos, path+"."+key+".AWS",
				`write "*", a 12-digit account id, or an ARN: arn:aws:iam::ACCOUNT:root, :role/NAME or :user/NAME`,
				"%s AWS %q is not a principal IAM accepts", key, v)
		}
	}
	return fs
}
