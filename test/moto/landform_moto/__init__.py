"""landform's plugin for moto 5.2.1. Importing this package installs it."""
