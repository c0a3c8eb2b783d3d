package cli

import (
	"fmt"
	"os"
	"slices"

	"github.com/aws/aws-sdk-go-v2/service/licensemanager"
	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/licence"
	"github.com/landform/landform/internal/stack"
)

// unlicensed are the commands that run without a licence: they do nothing
// with a config.
var unlicensed = []string{"version", "help", "completion", "__complete", "__completeNoDesc"}

// checkLicence checks out the entitlement when a product SKU is set
// (--license-sku, LANDFORM_LICENSE_SKU; LANDFORM_LICENSE_ENTITLEMENT and
// LANDFORM_LICENSE_ISSUER name the entitlement and the issuer), before the
// command does anything. Without one it makes no call.
func (a *App) checkLicence(cmd *cobra.Command) error {
	s := licence.Settings{SKU: a.LicenseSKU, Entitlement: os.Getenv("LANDFORM_LICENSE_ENTITLEMENT"), Issuer: os.Getenv("LANDFORM_LICENSE_ISSUER")}
	if !s.On() || slices.Contains(unlicensed, cmd.Name()) {
		return nil
	}
	ctx := cmd.Context()
	cfg, err := stack.LoadConfig(ctx, stack.Access{Profile: a.Profile, Region: a.Region, EndpointURL: a.EndpointURL}, "us-east-1")
	if err != nil {
		return err
	}
	id, err := stack.NewClients(cfg).WhoAmI(ctx, "")
	if err != nil {
		return fmt.Errorf("licence check of product SKU %s: %w", s.SKU, err)
	}
	return licence.Check(ctx, licensemanager.NewFromConfig(cfg), s, id.Account, a.Now())
}
