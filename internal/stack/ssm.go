package stack

import (
	"context"
	"fmt"
	"path"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// The tags on every parameter landform writes; destroy removes exactly the
// parameters under the stack's path that carry them.
const (
	tagManagedBy = "landform:managed-by"
	tagStack     = "landform:stack"
)

// WriteOutputs writes every output to {OutputsPath}/{OutputKey} as a String
// parameter tagged with the stack's name, and returns the names written.
func (c *Clients) WriteOutputs(ctx context.Context, st Stack, outputs map[string]string) ([]string, error) {
	var names []string
	for _, k := range sortedKeys(outputs) {
		name := path.Join(st.OutputsPath, k)
		v := outputs[k]
		if v == "" {
			v = " " // SSM refuses empty values
		}
		_, err := c.SSM.PutParameter(ctx, &ssm.PutParameterInput{
			Name: aws.String(name), Value: aws.String(v), Type: ssmtypes.ParameterTypeString, Overwrite: aws.Bool(true),
			Description: aws.String(fmt.Sprintf("output %s of stack %s, written by landform", k, st.Name)),
		})
		if err != nil {
			return names, fmt.Errorf("writing stack output %s to SSM parameter %s: %w", k, name, err)
		}
		// PutParameter takes no tags when it overwrites; tag separately.
		_, err = c.SSM.AddTagsToResource(ctx, &ssm.AddTagsToResourceInput{
			ResourceType: ssmtypes.ResourceTypeForTaggingParameter, ResourceId: aws.String(name),
			Tags: []ssmtypes.Tag{{Key: aws.String(tagManagedBy), Value: aws.String("landform")}, {Key: aws.String(tagStack), Value: aws.String(st.Name)}},
		})
		if err != nil {
			return names, fmt.Errorf("tagging SSM parameter %s: %w", name, err)
		}
		names = append(names, name)
	}
	return names, nil
}

// ownedParameters lists the parameters directly under st.OutputsPath that
// landform wrote for this stack.
func (c *Clients) ownedParameters(ctx context.Context, st Stack) ([]string, error) {
	if st.OutputsPath == "" {
		return nil, nil
	}
	var names []string
	p := ssm.NewGetParametersByPathPaginator(c.SSM, &ssm.GetParametersByPathInput{Path: aws.String(st.OutputsPath), Recursive: aws.Bool(false)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing SSM parameters under %s: %w", st.OutputsPath, err)
		}
		for _, prm := range out.Parameters {
			name := aws.ToString(prm.Name)
			tags, err := c.SSM.ListTagsForResource(ctx, &ssm.ListTagsForResourceInput{ResourceType: ssmtypes.ResourceTypeForTaggingParameter, ResourceId: aws.String(name)})
			if err != nil {
				return nil, fmt.Errorf("reading the tags of SSM parameter %s: %w", name, err)
			}
			for _, t := range tags.TagList {
				if aws.ToString(t.Key) == tagStack && aws.ToString(t.Value) == st.Name {
					names = append(names, name)
				}
			}
		}
	}
	sort.Strings(names)
	return names, nil
}

// DeleteOutputs removes the parameters WriteOutputs wrote for st and
// returns their names.
func (c *Clients) DeleteOutputs(ctx context.Context, st Stack) ([]string, error) {
	names, err := c.ownedParameters(ctx, st)
	if err != nil || len(names) == 0 {
		return nil, err
	}
	for i := 0; i < len(names); i += 10 { // DeleteParameters takes at most 10
		batch := names[i:min(i+10, len(names))]
		out, err := c.SSM.DeleteParameters(ctx, &ssm.DeleteParametersInput{Names: batch})
		if err != nil {
			return names[:i], fmt.Errorf("deleting SSM parameters %v: %w", batch, err)
		}
		if len(out.InvalidParameters) > 0 {
			// SSM calls a name that is not there invalid: one an earlier
			// attempt of this call (the SDK retries) or someone else
			// deleted. Gone is what destroy wants; one still there is not.
			left, err := c.SSM.GetParameters(ctx, &ssm.GetParametersInput{Names: out.InvalidParameters})
			if err != nil {
				return names[:i], fmt.Errorf("SSM could not delete %v, and reading them back failed: %w", out.InvalidParameters, err)
			}
			if len(left.Parameters) > 0 {
				var still []string
				for _, p := range left.Parameters {
					still = append(still, aws.ToString(p.Name))
				}
				return names[:i], fmt.Errorf("SSM could not delete %v", still)
			}
		}
	}
	return names, nil
}
