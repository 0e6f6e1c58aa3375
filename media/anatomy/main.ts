// placeholder until the anatomy webview lands
