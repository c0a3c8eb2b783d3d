// Package licence checks out landform's entitlement from AWS License Manager
// before a command runs, for an operator who resells landform through AWS
// Marketplace. It is off unless a product SKU is configured; nothing is
// cached, and the signed token License Manager returns is not kept.
package licence

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/licensemanager"
	"github.com/aws/aws-sdk-go-v2/service/licensemanager/types"
)

// MarketplaceIssuer is the key fingerprint of licences AWS Marketplace
// issues.
const MarketplaceIssuer = "aws:294406891311:AWS/Marketplace:issuer-fingerprint"

// Settings say which entitlement to check out.
type Settings struct {
	SKU         string // the product SKU; "" turns the check off
	Entitlement string // the entitlement's name ("landform" when empty)
	Issuer      string // the issuer's key fingerprint (MarketplaceIssuer when empty)
}

// On reports whether a licence is required.
func (s Settings) On() bool { return s.SKU != "" }

// API is the License Manager call the check makes.
type API interface {
	CheckoutLicense(context.Context, *licensemanager.CheckoutLicenseInput, ...func(*licensemanager.Options)) (*licensemanager.CheckoutLicenseOutput, error)
}

// Check checks out one unit of the entitlement (a provisional checkout,
// which AWS Marketplace counts as use) for account, and says in the error
// what is wrong and for which product and account: not entitled, expired,
// not allowed to ask, or License Manager out of reach.
func Check(ctx context.Context, lm API, s Settings, account string, now time.Time) error {
	name, issuer := s.Entitlement, s.Issuer
	if name == "" {
		name = "landform"
	}
	if issuer == "" {
		issuer = MarketplaceIssuer
	}
	token := make([]byte, 16)
	if _, err := rand.Read(token); err != nil {
		return err
	}
	what := fmt.Sprintf("product SKU %s (entitlement %s) for account %s", s.SKU, name, account)
	out, err := lm.CheckoutLicense(ctx, &licensemanager.CheckoutLicenseInput{
		ProductSKU:     aws.String(s.SKU),
		CheckoutType:   types.CheckoutTypeProvisional,
		KeyFingerprint: aws.String(issuer),
		Entitlements:   []types.EntitlementData{{Name: aws.String(name), Unit: types.EntitlementDataUnitNone}},
		ClientToken:    aws.String(hex.EncodeToString(token)),
	})
	var noEnt *types.NoEntitlementsAllowedException
	var notAllowed *types.EntitlementNotAllowedException
	var notFound *types.ResourceNotFoundException
	var denied *types.AccessDeniedException
	var netErr net.Error
	switch {
	case errors.As(err, &noEnt), errors.As(err, &notAllowed), errors.As(err, &notFound):
		return fmt.Errorf("licence check: no entitlement to %s (%v); subscribe to the product in AWS Marketplace, or run without --license-sku", what, err)
	case errors.As(err, &denied):
		return fmt.Errorf("licence check: the credentials may not check out %s (%v); allow license-manager:CheckoutLicense", what, err)
	case errors.As(err, &netErr):
		return fmt.Errorf("licence check: AWS License Manager cannot be reached to check out %s (%v); with --license-sku set, landform runs only once it can", what, err)
	case err != nil:
		return fmt.Errorf("licence check of %s: %w", what, err)
	}
	if exp := aws.ToString(out.Expiration); exp != "" {
		t, err := time.Parse(time.RFC3339, exp)
		if err != nil {
			return fmt.Errorf("licence check of %s: License Manager's expiration %q is not a time", what, exp)
		}
		if !t.After(now) {
			return fmt.Errorf("licence check: the licence of %s expired on %s; renew the subscription in AWS Marketplace", what, t.UTC().Format(time.RFC3339))
		}
	}
	return nil
}
