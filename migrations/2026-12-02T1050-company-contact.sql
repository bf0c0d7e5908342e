-- How NordicLoop and trading partners reach a company, besides its contact person; owners edit them.
ALTER TABLE companies ADD COLUMN contact_email text, ADD COLUMN contact_phone text;
