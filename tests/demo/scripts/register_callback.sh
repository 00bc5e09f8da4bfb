#!/bin/sh
# Registers the Salesforce listener with OneSpan Sign (client-credentials flow).
curl -X POST "https://sandbox.esignlive.com/api/callback" \
  -H "Authorization: Basic $ESL_API_KEY" -H "Content-Type: application/json" \
  -d '{"url": "https://acme-demo.my.salesforce.com/services/apexrest/onespan/callback",
       "key": "M01WRzlib3BjMzZfdTl6Sy5uMjF4cDJBNHFsX29MOXRUc1o3c1pFbnBuUWlLWWJhLkhZcEk2WkNYZEYuWjM4MWdfMWR5RWZ6cW5fQzJYb3h1TWtXVjpGQTAzMTc3MEQ1MDk3MEMwMzQ5MEJBMzI0OTA5RkZDNUJFM0EyODI3QzFBQzlFMzdBQUFBREZCQUQ3MDI0RTc4",
       "events": ["PACKAGE_COMPLETE", "DOCUMENT_SIGNED"]}'
