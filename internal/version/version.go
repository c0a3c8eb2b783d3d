// Package version holds landform's version, which generated templates record
// in their Metadata so a template says which generator wrote it.
package version

// Version is landform's release version.
const Version = "0.1.0"
