-- Custom SQL migration file, put your code below! --
-- The demo catalog, so a fresh `npm start` has something to order. Fixed ids keep links stable.
INSERT INTO "products" ("id", "name", "price_cents", "stock") VALUES
	('7c1e2a0e-0d6f-4a53-9d1e-2f0b6a1c0001', 'Espresso beans, 1 kg', 2490, 40),
	('7c1e2a0e-0d6f-4a53-9d1e-2f0b6a1c0002', 'Pour-over kettle', 5900, 12),
	('7c1e2a0e-0d6f-4a53-9d1e-2f0b6a1c0003', 'Ceramic mug', 1450, 100),
	('7c1e2a0e-0d6f-4a53-9d1e-2f0b6a1c0004', 'Hand grinder', 8900, 10),
	('7c1e2a0e-0d6f-4a53-9d1e-2f0b6a1c0005', 'Paper filters, 100', 690, 75)
ON CONFLICT DO NOTHING;
