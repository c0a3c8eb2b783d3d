// Package config owns reading a user's YAML file: size and encoding limits,
// parsing with positions, YAML 1.1 traps, alias bounds, kind detection, JSON
// Schema validation reported at YAML positions, and decoding into a kind's
// typed config. It knows nothing about any one kind's fields; kinds pass
// their schema and their Go type in.
package config
