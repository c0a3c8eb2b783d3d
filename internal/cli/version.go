package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/landform/landform/internal/version"
)

func newVersionCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print landform's version",
		Args:  noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			if app.JSON() {
				return writeJSON(app.IO.Out, map[string]string{"version": version.Version})
			}
			_, err := fmt.Fprintf(app.IO.Out, "landform %s\n", version.Version)
			return err
		},
	}
}
