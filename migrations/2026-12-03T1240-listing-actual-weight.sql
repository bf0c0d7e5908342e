-- The impact report counts every completed deal in tonnes. A lot sold by volume, by the pallet or
-- by the piece is converted through an average for its category (src/impact/conversion-table.ts);
-- the seller may instead give the lot's actual weight, e.g. from a weighbridge slip, which then wins.
ALTER TABLE listings ADD COLUMN actual_weight_kg numeric(14, 3) CHECK (actual_weight_kg > 0);

-- The report reads a company's completed deals of a period, from either side.
CREATE INDEX deals_completed_seller_idx ON deals (seller_company_id, completed_at) WHERE status = 'completed';
CREATE INDEX deals_completed_buyer_idx ON deals (buyer_company_id, completed_at) WHERE status = 'completed';
