class InvitationProblem(Exception):
    """An invitation link that cannot be used, with the message to show and the HTTP status."""

    def __init__(self, message: str, *, status: int = 400, title: str = "This invitation cannot be used"):
        super().__init__(message)
        self.message = message
        self.status = status
        self.title = title
