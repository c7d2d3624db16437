"""QR codes drawn as vector squares in a PDF (sharp at any print size, in black on white)."""

import segno
from reportlab.platypus import Flowable

QUIET_ZONE = 4  # modules of white around the code, as the standard asks


class QRCode(Flowable):
    """A square QR code of ``size`` points for ``url``, error correction M (a poster may get scratched)."""

    def __init__(self, url: str, size: float) -> None:
        super().__init__()
        self.url = url
        self.size = size
        self.code = segno.make(url, error="m", micro=False)
        self.width = self.height = size

    def wrap(self, available_width, available_height):
        return self.size, self.size

    def draw(self) -> None:
        rows = list(self.code.matrix_iter(scale=1, border=QUIET_ZONE))
        module = self.size / len(rows)
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColorRGB(1, 1, 1)
        canvas.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        canvas.setFillColorRGB(0, 0, 0)
        for y, row in enumerate(rows):
            top = self.size - (y + 1) * module
            x = 0
            cells = list(row)
            while x < len(cells):
                if not cells[x]:
                    x += 1
                    continue
                start = x
                while x < len(cells) and cells[x]:
                    x += 1
                # A hair wider than the run so that neighbouring squares never leave a white seam when printed.
                canvas.rect(start * module, top, (x - start) * module + 0.05, module + 0.05, stroke=0, fill=1)
        canvas.restoreState()
