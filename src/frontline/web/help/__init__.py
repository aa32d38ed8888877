"""The public help center: search, categories, articles and the contact form."""
