/** A readable page for a borough's OpenAPI document (Swagger UI from the swagger-ui-dist package). */
export const docsPage = (borough: string): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Recovery platform API: ${borough}</title>
<link rel="stylesheet" href="/_docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/_docs/swagger-ui-bundle.js"></script>
<script>
  window.ui = SwaggerUIBundle({ url: '/${borough}/openapi.json', dom_id: '#swagger-ui', persistAuthorization: true });
</script>
</body>
</html>`;
