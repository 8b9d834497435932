"""ariadne-codegen plugins, one concern each. Only generator.emit uses them."""
