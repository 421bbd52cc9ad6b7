DROP TABLE help_offers;
DROP TABLE help_requests;
