package cfn

import (
	"regexp"
	"strings"
)

var accessKeyID = regexp.MustCompile(`\b(AKIA|ASIA)[A-Z0-9]{16}\b`)

// AccessKeyID returns the first AWS access key id (AKIA… or ASIA…, 20
// characters) written in s, or "". Every string of a template is asked, so
// the expression runs only on the few that hold a prefix.
func AccessKeyID(s string) string {
	if !strings.Contains(s, "AKIA") && !strings.Contains(s, "ASIA") {
		return ""
	}
	return accessKeyID.FindString(s)
}
