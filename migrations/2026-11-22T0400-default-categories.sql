-- The waste categories every listing is filed under. Their slugs key the CO2e factors;
-- admins may reword names and retire categories later.
INSERT INTO categories (slug, name, description) VALUES
  ('paper-cardboard', 'Paper & cardboard', 'Corrugated boxes, board offcuts, office paper and paper reels, baled or loose.'),
  ('plastics', 'Plastics', 'Stretch film, crates, PET, HDPE and other sorted or mixed plastics from production and packaging.'),
  ('ferrous-metals', 'Ferrous metals', 'Steel and iron scrap: offcuts, turnings, beams, sheet and worn machine parts.'),
  ('non-ferrous-metals', 'Non-ferrous metals', 'Aluminium, copper, brass and stainless scrap, including cable and swarf.'),
  ('wood-pallets', 'Wood & pallets', 'Reusable pallets, timber offcuts, sawdust, bark and clean untreated wood.'),
  ('glass', 'Glass', 'Flat glass, container glass and cullet, sorted by colour where possible.'),
  ('textiles', 'Textiles', 'Fabric offcuts, surplus workwear, fibre waste and reusable garments.'),
  ('organic-food', 'Organic & food by-products', 'Food processing by-products, spent grain, peel and other organics for feed, compost or biogas.'),
  ('electronics-weee', 'Electronics (WEEE)', 'Waste electrical and electronic equipment, cables, IT hardware and components.'),
  ('construction-demolition', 'Construction & demolition', 'Concrete, bricks, tiles, insulation and mixed material from building sites.'),
  ('chemicals-hazardous', 'Chemicals & hazardous', 'Solvents, oils, surplus chemicals and other hazardous materials for licensed handlers only.'),
  ('other', 'Other materials', 'Anything that fits no other category: describe the material carefully.')
ON CONFLICT (slug) DO NOTHING;
