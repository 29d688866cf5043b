-- devstack's development mode for integrations: endpoints may be http:// and local (a receiver on
-- this machine). Seeds run only in development; production keeps https and public targets only.
update private.integration_settings set allow_private_targets = true;
