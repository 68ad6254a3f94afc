"""Institution views, split by feature: public pages, membership, management, registration."""
