package stack

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/landform/landform/internal/cfn"
)

// Source is how a template reaches CloudFormation: inline, or by URL after
// an upload to S3.
type Source struct {
	Body   *string
	URL    *string
	Bucket string // set when the template goes by URL
	Key    string
	// Compact says Body is the template re-encoded as compact JSON.
	Compact bool
}

// Method is "TemplateBody" or "TemplateURL".
func (s Source) Method() string {
	switch {
	case s.URL != nil:
		return "TemplateURL"
	case s.Compact:
		return "TemplateBody (compact JSON)"
	}
	return "TemplateBody"
}

// TemplateKey is where a template goes in the bucket: under the prefix and
// the stem, named by its SHA-256, so an unchanged template is one object.
func TemplateKey(st Stack) string {
	sum := sha256.Sum256(st.Body)
	return fmt.Sprintf("%s%s/%s.yaml", st.Prefix, st.Stem, hex.EncodeToString(sum[:]))
}

// TemplateURL is the virtual-hosted-style URL of a key, which CloudFormation
// accepts in every region.
func TemplateURL(bucket, region, key string) string {
	return fmt.Sprintf("https://%s.s3.%s.amazonaws.com/%s", bucket, region, key)
}

// PlannedSource says how st's template would be sent, without sending it,
// as st.Send decided: inline, inline as compact JSON, or by URL after an
// upload to the config's bucket.
func PlannedSource(st Stack, region string) (Source, error) {
	if st.Send.Inline != nil {
		return Source{Body: aws.String(string(st.Send.Inline)), Compact: st.Send.Method != "TemplateBody"}, nil
	}
	if st.Bucket == "" {
		return Source{}, fmt.Errorf("the template of %s is %d bytes, over the %d bytes CloudFormation accepts inline, and the config names no bucket to upload it to: "+
			"set deployment.template_bucket (a bucket in %s the deploying identity can write)", st.Name, len(st.Body), cfn.MaxTemplateBody, region)
	}
	key := TemplateKey(st)
	return Source{URL: aws.String(TemplateURL(st.Bucket, region, key)), Bucket: st.Bucket, Key: key}, nil
}

// source uploads st's template when it is too large to send inline.
func (c *Clients) source(ctx context.Context, st Stack) (Source, error) {
	src, err := PlannedSource(st, c.Region)
	if err != nil || src.URL == nil {
		return src, err
	}
	_, err = c.S3.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(src.Bucket), Key: aws.String(src.Key), Body: bytes.NewReader(st.Body),
		ContentType: aws.String("application/yaml"),
	})
	if err != nil {
		return src, fmt.Errorf("uploading the template to s3://%s/%s: %w", src.Bucket, src.Key, err)
	}
	return src, nil
}
