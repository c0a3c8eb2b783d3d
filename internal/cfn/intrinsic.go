package cfn

import "strings"

// Ref refers to a resource's primary value or a parameter.
func Ref(name string) *Map { return M("Ref", name) }

// GetAtt refers to an attribute of a resource.
func GetAtt(resource, attr string) *Map { return M("Fn::GetAtt", []any{resource, attr}) }

// Sub substitutes ${Name} references in s.
func Sub(s string) *Map { return M("Fn::Sub", s) }

// Join joins values with a delimiter.
func Join(delim string, values ...any) *Map { return M("Fn::Join", []any{delim, values}) }

// Pseudo parameters CloudFormation defines in every template.
var pseudoParams = map[string]bool{
	"AWS::AccountId": true, "AWS::NotificationARNs": true, "AWS::NoValue": true, "AWS::Partition": true,
	"AWS::Region": true, "AWS::StackId": true, "AWS::StackName": true, "AWS::URLSuffix": true,
}

// subVars returns the names ${Name} and ${Name.Attr} in a Fn::Sub string,
// skipping ${!Literal} escapes.
func subVars(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			return out
		}
		s = s[i+2:]
		j := strings.IndexByte(s, '}')
		if j < 0 {
			return out
		}
		if name := s[:j]; !strings.HasPrefix(name, "!") {
			out = append(out, name)
		}
		s = s[j+1:]
	}
}
