"""Open Referral HSDS 3.0: the directory's export, import and API shapes (see data/directory/hsds/PROFILE.md)."""
