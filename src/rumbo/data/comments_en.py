"""The English words of the generated data: the ``text_en`` column of ``mentions.csv`` (the
comments) and the ``sector_en`` and ``country_en`` columns of ``businesses.csv``.

Each table here runs parallel to its Spanish twin in :mod:`rumbo.data.generator`
(same length, same order), so the draws that pick the Spanish template, product,
greeting and ending of a comment pick their English counterparts too: every
mention has the same meaning, sentiment and kind in both editions, and every
figure computed from the data is the same. Written as an English-speaking
customer of each shop would write, not word for word; places keep their names.
"""

from __future__ import annotations

PREFIXES = ("", "", "", "", "Hi, ", "Hello, ", "Hey, ")
SUFFIXES = {
    "positive": ("", "", " 😍", " 👏", " ❤️", "!!", " 🙌", " 🥰"),
    "neutral": ("", "", " 🙂", " 🤔", ". Thanks", ". Thanks in advance"),
    "negative": ("", "", " 😡", " 😤", ". Awful.", " 👎", ". So disappointing"),
    "chatter": ("", "", " 😂", " 👀", " haha", " 🙌"),
}
TEXTS = {
    "praise": (
        "{product_cap} is one of the best things I've tried",
        "Tried {product} yesterday for the first time and I'm not going anywhere else now",
        "Thanks for the lovely service as always, it's a pleasure buying from you",
        "Just what I needed: {product}",
        "Highly recommended. Friendly service and real quality",
        "Just wanted to say well done on {product}",
        "Never lets me down: {product}, ten out of ten",
        "You can tell how much care goes into your work",
        "Found your account recently and now I don't miss a thing",
        "At home they won't have anything else now. Thanks for everything",
    ),
    "question": (
        "Do you have {product} {when}?",
        "How much is {product}?",
        "Quick question: can I reserve {product}?",
        "Could you message me the price of {product}?",
        "Do you take card payments?",
        "When will {product} be back in stock?",
    ),
    "complaint": (
        "Been waiting {n} days for an answer and nothing",
        "Really poor service today, to be honest",
        "The price of {product} has gone up a lot",
        "Expected more from {product}, to be honest",
        "I sent you a private message and still no reply",
    ),
    "troll": (
        "Pure advertising, nobody believes these photos",
        "Dearer than any big supermarket and still showing off",
        "What a boring profile",
        "Bet you don't even make it yourself lol",
        "Yet another account selling hot air",
        "Nobody asked you",
        "Hahaha so bad, get off social media",
    ),
    "other": (
        "@{friend} look at this",
        "Hahaha love this video",
        "Sharing in case it helps someone",
        "@{friend} this is what I was telling you about",
        "Saving this for later",
        "We were just talking about this yesterday",
        "@{friend}",
    ),
}
BUSINESS_TEXTS = {
    "panaderia": {
        "praise": ("The best bread in {place}, no question",
                   "Every Saturday I come in for {product}: never fails",
                   "You can smell a real bakery oven from the street",
                   "That photo looks amazing. I want to try {product}"),
        "question": ("Is there a gluten-free version of {product}?",
                     "Do you take orders for birthdays?",
                     "Am I still in time to get {product}?", "What time are you open until {day}?"),
        "complaint": ("Yesterday {product} wasn't as good as usual, something was missing",
                      "I placed an order and at the agreed time it still wasn't ready",
                      "Had to queue for {n} minutes today"),
        "other": ("@{friend} shall we go {day}?", "@{friend} for Sunday breakfast"),
        "crisis": ("The label on {crisis} says \"nut-free\" and they contain almond. We have allergies at home, this is very serious",
                   "How can the batch of {crisis} not warn about almonds? I want an explanation",
                   "I bought two boxes of {crisis} on Saturday. What do I do with them now?",
                   "Allergies are no joke. Take that batch off the shelves now",
                   "Just read about the labelling of {crisis}. What a scare, {relative} nearly ate them",
                   "I want my money back for {crisis} and for you to warn everyone",
                   "I've been calling all morning and nobody picks up. What's going on with {crisis}?",
                   "Put up a clear warning, not everyone reads the comments",
                   "My neighbour is allergic to almonds, thank goodness she spotted it in time"),
    },
    "cosmetica": {
        "praise": ("Finally something that doesn't irritate my skin: {product} is my must-have",
                   "My order arrived super fast and beautifully wrapped",
                   "Thanks for explaining which cream to choose, it was spot on"),
        "question": ("Is {product} OK for sensitive skin?", "Do you ship to {place}?",
                     "Which would you recommend for oily skin, {product} or {product2}?",
                     "How long does an order take to reach {place}?"),
        "complaint": ("I ordered {product} and the bottle arrived broken",
                      "{product_cap} gave me a skin reaction",
                      "I got {product2} instead of {product}"),
        "other": ("@{friend} shall we split an order?", "@{friend} I'll get you this for your birthday"),
        "crisis": ("I ordered on {order_day} and it still hasn't left the warehouse",
                   "No sign of my Black Friday order. {n} days now",
                   "The tracking hasn't moved for {n} days. Where is my order?",
                   "It was a present and it won't arrive in time. So disappointing",
                   "I emailed customer service and nobody replies",
                   "If you can't ship, don't sell. I want to cancel my order",
                   "Is anyone else still waiting for their order? This is a disaster",
                   "You charged me {n} days ago and I still know nothing about the delivery"),
    },
    "ferreteria": {
        "praise": ("I always find what I'm looking for and the advice is excellent",
                   "They showed me how to use {product} step by step, thank you!",
                   "Good prices and friendly neighbourhood service, that's how it should be"),
        "question": ("Is {product} OK for a brick wall?", "Do you deliver to {place}?",
                     "What do you recommend for damp on the ceiling?",
                     "Do you have {product} in another size?", "What time are you open until {day}?"),
        "complaint": ("I bought {product} and it had a defect",
                      "They sold me {product} and it was the wrong one, I had to go back",
                      "The delivery arrived {n} hours late"),
        "other": ("@{friend} shall we go {day}?", "@{friend} for the bathroom job"),
        "crisis": ("You advertised {crisis} at {wrong} and in the shop they want to charge me {right}. That's false advertising",
                   "I went all the way to the shop for the offer on {crisis} and now it turns out it was a mistake",
                   "If you advertise a price, you honour it. I want {crisis} at the advertised price",
                   "Wasted the whole morning over a price that wasn't real",
                   "Are you going to honour the price of {crisis} or not?",
                   "You deleted the post and that's it. That's no way to treat customers",
                   "Not very serious, the way you've handled the price of {crisis}",
                   "I demand {crisis} at the advertised price, {wrong}"),
    },
}
#: Each business's products and phrases, in the order of its Spanish ``vocab``.
VOCAB = {
    "panaderia": {
        "products": ("the sourdough loaf", "the rye loaf", "the butter croissant", "the cheesecake",
                     "the yoghurt sponge", "the bag of little muffins", "the baguette",
                     "the Basque cake", "the milk bun", "the tuna empanada", "the spelt loaf",
                     "the meringue carolina"),
        "when": ("today", "tomorrow", "this Saturday", "for Sunday", "first thing in the morning"),
        "crisis_product": "the Christmas biscuits",
    },
    "cosmetica": {
        "products": ("the aloe moisturiser", "the vitamin C serum", "the shampoo bar",
                     "the natural deodorant", "the lip balm", "the rosehip face oil",
                     "the oat soap", "the eye cream", "the clay mask", "the mineral sunscreen"),
        "when": ("in stock", "in a travel size", "in a large size", "fragrance-free"),
        "crisis_product": "my order",
    },
    "ferreteria": {
        "products": ("the hammer drill", "the exterior paint", "the box of 2-inch screws",
                     "the 15-metre hose", "the spanner set", "the aluminium ladder",
                     "the tape measure", "the bathroom silicone", "the masonry drill bit set",
                     "the padlock", "the angle grinder", "the white cement",
                     "the bag of plastic wall plugs"),
        "when": ("today", "right now", "to pick up tomorrow", "in the stockroom"),
        "crisis_product": "the hammer drill",
        "wrong_price": "$39,900", "right_price": "$399,900",
    },
}
DAYS_SAID = ("today", "tomorrow", "this Saturday", "on Sunday", "this afternoon", "on Friday")
RELATIVES = ("my daughter", "my son", "my nephew", "my partner", "my mum")
ORDER_DAYS = ("Friday", "Thursday the 27th", "28 November", "the Black Friday weekend")

#: What each business does and where, for ``businesses.csv`` (names of places stay as they are).
BUSINESS = {
    "panaderia": {"sector_en": "bakery and patisserie", "country_en": "Spain"},
    "cosmetica": {"sector_en": "natural cosmetics (online shop)", "country_en": "Spain"},
    "ferreteria": {"sector_en": "hardware shop", "country_en": "Colombia"},
}
