enum _KithRenderPlaceholder {}
