package stack

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// Retired are the stacks of the account and region that start with prefix
// and end with suffix, exist (any status but DELETE_COMPLETE), and are not
// in keep: the members of a unit's family the config no longer makes.
// Sorted by name.
func (c *Clients) Retired(ctx context.Context, prefix, suffix string, keep []string) ([]string, error) {
	var out []string
	p := cloudformation.NewListStacksPaginator(c.CFN, &cloudformation.ListStacksInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing the stacks of %s to find those named %s*%s: %w", c.Region, prefix, suffix, err)
		}
		for _, s := range page.StackSummaries {
			name := aws.ToString(s.StackName)
			if s.StackStatus == types.StackStatusDeleteComplete || !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, suffix) ||
				len(name) < len(prefix)+len(suffix) || slices.Contains(keep, name) || slices.Contains(out, name) {
				continue
			}
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out, nil
}
