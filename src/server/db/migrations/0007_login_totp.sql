-- 0007_login_totp (issue 10): written by hand
-- A TOTP code is accepted once (RFC 6238 §5.2): the time step (unix seconds / 30) of the last
-- code accepted for the user, compared and set in one conditional UPDATE; NULL until a first code.
ALTER TABLE "users" ADD COLUMN "totp_last_step" bigint;
