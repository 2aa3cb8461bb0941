"""Static files as served in production, with each file's address worked out once per process."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class KeptAddressStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed, hashed files; `url()` remembered per name.

    Every page asks for the addresses of about ten files (`{% static %}`), and
    each answer is a manifest lookup and a URL join that cannot change while the
    process runs: the manifest is read once, at start.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._addresses = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force=True)
        address = self._addresses.get(name)
        if address is None:
            address = self._addresses[name] = super().url(name)
        return address
