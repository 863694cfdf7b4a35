"""The comment-triage rules as data: one table of signals per language (module 6).

:mod:`rumbo.listening` decides a comment's category from the *signals* found in
it (a concrete fact, something that went wrong, an insult, a question, praise);
what counts as each signal depends on the language the customer writes in, so
each language has its own regular expressions here. They are matched against
the comment in lower case with accents removed («Cuándo» reads as «cuando»).
The rules that turn signals into a category are the same in every language.

Each language also has its own example comments for the triage exercise: the
same eight situations, in the same order and with the same answer, written as
a customer of that language would write them.
"""

from __future__ import annotations

#: The order the signals are listed in (the learner sees them in this order).
SIGNAL_NAMES = ("facts", "problem", "insult", "question", "praise", "shouting")

SIGNAL_PATTERNS = {
    "es": {
        "facts": r"\b(pedido|pedi|compre|ticket|factura|cobr\w*|envio|paquete|talla|encargo|"
                 r"reserva|garantia|ayer|hace \d+|\d{3,}|cambio|la vuelta|tarjeta|precio)\b",
        # A complaint need not name an order: "no me devolvéis el cambio bien", "ya es la
        # segunda vez", "me atendieron mal" tell that something went wrong, and how often.
        "problem": r"\b(roto|rota|caducad\w*|no funciona|no me han|no me ha|nadie|todavia no|"
                   r"dos veces|equivocad\w*|faltaba\w*|faltan|tarde|frio|quemad\w*|mal estado|"
                   r"reclamacion|devolucion|reembolso|sin respuesta|"
                   r"no (?:me|nos) (?:devolv|devuelv|dev|dais|disteis|dieron|atend|cobr)\w*|"
                   r"no (?:me|nos|lo|la|le|les) [^.!?]{0,30}bien|"
                   r"(?:segunda|tercera|cuarta|enesima) vez|otra vez (?:igual|lo mismo|mal)|"
                   r"siempre (?:igual|lo mismo|tarde)|de mas|sigo esperando|me quejo|queja\w*|"
                   r"decepcion\w*|fatal|no (?:volvere|vuelvo|repetire)|"
                   r"(?<!no esta )(?<!nada )(?<!no estaba )(?<!no estuvo )mal)\b",
        "insult": r"\b(estafa\w*|ladron\w*|basura|mierda|timo|timador\w*|sinverguenza\w*|"
                  r"payas\w*|idiota\w*|inutil\w*|cerrad ya|verguenza|asco|lo peor)\b",
        "question": r"(\?|¿|\b(cuando|donde|cuanto|teneis|tienen|abris|abren|horario|"
                    r"se puede|puedo)\b)",
        "praise": r"\b(gracias|encanta\w*|encanto|buenisim\w*|riquisim\w*|recomiendo|genial\w*|"
                  r"enhorabuena|maravill\w*|perfect\w*|fenomenal)\b",
    },
    "en": {
        "facts": r"\b(order\w*|bought|receipt|invoice|charg\w*|billed|deliver\w*|shipping|parcel|"
                 r"package|size|booking|reservation|warranty|guarantee|yesterday|"
                 r"\d+ (?:days?|weeks?|hours?) ago|\d{3,}|change|card|price)\b",
        # As in Spanish, a complaint need not name an order: "that's the second time",
        # "the service was awful", "why didn't you give me a receipt?" are complaints.
        "problem": r"\b(broken|damaged|expired|out of date|gone off|not working|nobody|no one|"
                   r"(?:doesn'?t|does not|didn'?t|did not|isn'?t|is not|wasn'?t|was not) work\w*|"
                   r"not yet|"
                   r"still (?:hasn|haven|wasn|isn|has not|have not|was not|is not|no|not)\w*|twice|wrong|missing|"
                   r"late|cold|burnt|burned|stale|complain\w*|refund\w*|money back|"
                   r"no (?:reply|answer|response)|never (?:answer|repl|arriv|came)\w*|"
                   r"(?:didn'?t|did not|never) (?:you |they |i )?(?:give|gave|send|sent|get|got|refund|return|"
                   r"answer|reply|call|arriv|turn up|show up)\w*|"
                   r"(?:second|third|fourth|umpteenth) time|same again|again (?:the same|wrong)|"
                   r"always (?:the same|late)|overcharg\w*|charged (?:me )?(?:too much|extra|twice)|"
                   r"still waiting|disappoint\w*|awful|terrible|horrible|rude|poor (?:service|quality)|"
                   r"never (?:coming|going) back|won'?t be (?:back|coming back|returning)|"
                   r"(?<!not )(?<!not too )(?<!not that )bad\w*)\b",
        "insult": r"\b(scam\w*|thie(?:f|ves)|crook\w*|rip[- ]?off|rubbish|garbage|trash|crap\w*|"
                  r"shit\w*|idiot\w*|useless|clown\w*|disgrac\w*|shame(?:ful| on you)|"
                  r"the worst|close down|pathetic|con artists?)\b",
        "question": r"(\?|\b(when|where|how much|how many|how long|do you|are you|can i|"
                    r"could you|is there|have you got|opening hours|open on)\b)",
        "praise": r"\b(thank\w*|love\w*|delicious|recommend\w*|brilliant|amazing|lovely|"
                  r"wonderful|perfect\w*|fantastic|congrat\w*|well done)\b",
    },
}

#: The triage exercise: the same eight comments in each language, each with the category
#: the rules give. Written for the course (fictional), in the voice of real customers.
EXAMPLES = {
    "es": (
        ("Pedí una caja de seis el sábado y me cobrasteis dos veces en la tarjeta. Todavía no "
         "me habéis devuelto el dinero.", "customer_right"),
        ("¿Abrís el domingo por la mañana? Quiero pasar a recoger un encargo.", "question"),
        ("SOIS UNOS LADRONES Y UNA ESTAFA, NO COMPRÉIS AQUÍ JAMÁS!!!", "troll"),
        ("Gracias por atenderme tan bien esta mañana, me encantó el trato.", "praise"),
        ("El paquete llegó roto y nadie contesta al teléfono desde hace 5 días. Qué vergüenza.",
         "customer_right"),
        ("¿Cuánto cuesta el envío a Bilbao?", "question"),
        ("Esta tienda es lo peor, cerrad ya y dejad de dar la lata.", "troll"),
        ("Os recomiendo a todo el mundo, sois geniales.", "praise"),
    ),
    "en": (
        ("I ordered a box of six on Saturday and you charged my card twice. I still haven't "
         "had the money back.", "customer_right"),
        ("Are you open on Sunday morning? I'd like to pick up my order.", "question"),
        ("YOU ARE THIEVES AND A SCAM, NEVER BUY ANYTHING HERE!!!", "troll"),
        ("Thanks for looking after me so well this morning, I loved how friendly you were.",
         "praise"),
        ("The parcel arrived broken and nobody has picked up the phone for 5 days. Shameful.",
         "customer_right"),
        ("How much is delivery to Bristol?", "question"),
        ("This shop is the worst, just close down and stop bothering everyone.", "troll"),
        ("I recommend you to everyone, you're brilliant.", "praise"),
    ),
}
