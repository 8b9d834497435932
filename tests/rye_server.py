"""A real GraphQL HTTP server over the schema snapshot, for round trips of rye_client.

graphql-core parses, validates and executes each request against `schema/rye.graphql`,
so the query text the client sends, the variables it serializes and the response it
parses are all checked against the schema a Rye server answers from. Only the resolvers
are ours: they return plain dicts, and unions and interfaces resolve through the
`__typename` key those dicts carry, which graphql-core's default type resolver reads.
Whether `__typename` reaches the client depends on the query, as on a real server.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, cast

from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLSchema,
    build_ast_schema,
    parse,
)

from tests.background import BackgroundServer, execute_graphql

REPO_ROOT = Path(__file__).resolve().parent.parent
SCHEMA_PATH = REPO_ROOT / "schema" / "rye.graphql"
ENDPOINT_PATH = "/v1/query"  # Rye's own path, so a client posting elsewhere gets a 404

JSON = dict[str, Any]
Resolver = Callable[..., Any]

# Mutation.cancelOrder: the three outcomes Rye documents, chosen by `input.orderId`.
AMAZON_ORDER_ID = "amazon-order"
FAILING_ORDER_ID = "failing-order"
MANUAL_ORDER_ID = "manual-order"
CANCEL_FAIL_REASON = "Order has already shipped"
MANUAL_CANCELLATION_MESSAGE = "This order has to be cancelled manually"
# orderId -> (status, failReason) of the one CancelAmazonOrderItem in the result.
AMAZON_CANCELLATIONS: Mapping[str, tuple[str, str | None]] = {
    AMAZON_ORDER_ID: ("CANCEL_PROCESSING", None),
    FAILING_ORDER_ID: ("CANCEL_FAILED", CANCEL_FAIL_REASON),
}
# orderId -> (message, extensions.code) of the GraphQL error raised instead of a result.
CANCEL_ERRORS: Mapping[str, tuple[str, str]] = {
    MANUAL_ORDER_ID: (MANUAL_CANCELLATION_MESSAGE, "REQUEST_MANUAL_CANCELLATION"),
}

# Query.getCart: what every cart it returns contains.
SAMPLE_BUYER_IDENTITY: JSON = {
    "firstName": "Ada",
    "lastName": "Lovelace",
    "address1": "1 Analytical Way",
    "address2": None,
    "city": "London",
    "provinceCode": None,
    "countryCode": "GB",
    "postalCode": "N1 9GU",
    "email": "ada@example.com",
    "phone": "+442071234567",
}
SAMPLE_AMAZON_PRODUCT_ID = "B0CHX1W1XY"
SAMPLE_SHOPIFY_VARIANT_ID = "44346795295022"
UNAVAILABLE_SHOPIFY_VARIANT_ID = "44346795295099"

AMAZON_PRODUCT_PRICE_CENTS = 1999
SHOPIFY_VARIANT_PRICE_CENTS = 2500
SHOPIFY_VARIANT_PRICE = "25.00"  # ShopifyVariant.price is a String in dollars
SHIPPING_PRICE_CENTS = 599


@dataclass(frozen=True)
class RecordedRequest:
    """One HTTP request as the server saw it, and what it answered."""

    headers: dict[str, str]  # names lower-cased: HTTP header names are case-insensitive
    body: Any  # the parsed JSON body, or None when the body was not JSON
    response: JSON


# --- response data ------------------------------------------------------------------


def price(cents: int, currency: str = "USD") -> JSON:
    return {"value": cents, "displayValue": f"${cents / 100:.2f}", "currency": currency}


def amazon_cart_line(product_id: str, quantity: int) -> JSON:
    return {
        "quantity": quantity,
        "product": {
            "__typename": "AmazonProduct",
            "id": product_id,
            "ASIN": product_id,
            "title": f"Amazon product {product_id}",
            "url": f"https://www.amazon.com/dp/{product_id}",
            "vendor": "Acme",
            "description": "A product sold on Amazon",
            "images": [
                {
                    "__typename": "AmazonImage",
                    "url": f"https://m.media-amazon.com/images/I/{product_id}.jpg",
                }
            ],
            "price": price(AMAZON_PRODUCT_PRICE_CENTS),
            "isAvailable": True,
        },
    }


def shopify_cart_line(variant_id: str, quantity: int) -> JSON:
    return {
        "quantity": quantity,
        "variant": {
            "__typename": "ShopifyVariant",
            "id": variant_id,
            "title": "Default Title",
            "name": f"Shopify variant {variant_id}",
            "image": {
                "__typename": "ShopifyImage",
                "url": f"https://cdn.shopify.com/s/files/{variant_id}.jpg",
            },
            "price": SHOPIFY_VARIANT_PRICE,
            "isAvailable": True,
        },
    }


def shipping_method() -> JSON:
    return {
        "id": "standard",
        "label": "Standard shipping",
        "price": price(SHIPPING_PRICE_CENTS),
        "taxes": price(0),
        "total": price(SHIPPING_PRICE_CENTS),
    }


def offer(subtotal_cents: int) -> JSON:
    return {
        "errors": [],
        "subtotal": price(subtotal_cents),
        "margin": price(0),
        "shippingMethods": [shipping_method()],
    }


def amazon_store(lines: list[JSON]) -> JSON:
    return {
        "__typename": "AmazonStore",
        "isSubmitted": False,
        "orderId": "amazon-store-order",
        "errors": [],
        "store": "amazon",
        "cartLines": lines,
        "isShippingRequired": True,
        "offer": offer(AMAZON_PRODUCT_PRICE_CENTS * _quantity(lines)),
    }


def shopify_store(lines: list[JSON], errors: list[JSON] | None = None) -> JSON:
    return {
        "__typename": "ShopifyStore",
        "isSubmitted": False,
        "orderId": "shopify-store-order",
        "errors": errors or [],
        "store": "example-shop.myshopify.com",
        "checkoutUrl": "https://example-shop.myshopify.com/checkout",
        "cartLines": lines,
        "isShippingRequired": True,
        "offer": offer(SHOPIFY_VARIANT_PRICE_CENTS * _quantity(lines)),
    }


def _quantity(lines: list[JSON]) -> int:
    return sum(int(line["quantity"]) for line in lines)


def cart_response(cart_id: str, buyer_identity: JSON | None, stores: list[JSON]) -> JSON:
    subtotal = sum(store["offer"]["subtotal"]["value"] for store in stores)
    shipping = SHIPPING_PRICE_CENTS * len(stores)
    return {
        "cart": {
            "id": cart_id,
            "attributes": [],
            "buyerIdentity": buyer_identity,
            "isShippingRequired": True,
            "cost": {
                "isEstimated": True,
                "margin": price(0),
                "shipping": price(shipping),
                "subtotal": price(subtotal),
                "tax": None,  # Rye leaves tax null until the buyer's address is known
                "total": price(subtotal + shipping),
            },
            "stores": stores,
        },
        "errors": [],
    }


# --- resolvers ------------------------------------------------------------------------


def resolve_cancel_order(_root: Any, _info: GraphQLResolveInfo, input: JSON) -> JSON:
    order_id = str(input["orderId"])
    if order_id in AMAZON_CANCELLATIONS:
        status, fail_reason = AMAZON_CANCELLATIONS[order_id]
        item = {"amazonOrderId": order_id, "status": status, "failReason": fail_reason}
        result = {"__typename": "CancelAmazonOrderResult", "items": [item]}
        return {"result": result, "error": None}
    # A GraphQL error, its code in `extensions`; as cancelOrder is non-null
    # (CancelOrderResponse!), it also nulls `data`.
    message, code = CANCEL_ERRORS.get(order_id, (f"Order {order_id} not found", "ORDER_NOT_FOUND"))
    raise GraphQLError(message, extensions={"code": code})


def resolve_get_cart(_root: Any, _info: GraphQLResolveInfo, id: str) -> JSON:
    unavailable = {
        "code": "PRODUCT_NOT_AVAILABLE",
        "message": "The variant is out of stock",
        "details": {"variantIds": [UNAVAILABLE_SHOPIFY_VARIANT_ID]},
    }
    stores = [
        amazon_store([amazon_cart_line(SAMPLE_AMAZON_PRODUCT_ID, 2)]),
        shopify_store([shopify_cart_line(SAMPLE_SHOPIFY_VARIANT_ID, 1)], [unavailable]),
    ]
    return cart_response(id, SAMPLE_BUYER_IDENTITY, stores)


def resolve_create_cart(_root: Any, _info: GraphQLResolveInfo, input: JSON) -> JSON:
    """Echo the input back as a cart, so a test can see each value arrived intact."""
    items = input["items"]
    amazon_lines = [
        amazon_cart_line(str(item["productId"]), int(item["quantity"]))
        for item in items.get("amazonCartItemsInput") or []
    ]
    shopify_lines = [
        shopify_cart_line(str(item["variantId"]), int(item["quantity"]))
        for item in items.get("shopifyCartItemsInput") or []
    ]
    stores = [amazon_store(amazon_lines)] if amazon_lines else []
    stores += [shopify_store(shopify_lines)] if shopify_lines else []
    buyer = input.get("buyerIdentity")
    buyer_identity = None
    if buyer:
        # Fields the input left out come back null, as on Rye.
        buyer_identity = {name: buyer.get(name) for name in SAMPLE_BUYER_IDENTITY}
    return cart_response("created-cart", buyer_identity, stores)


RESOLVERS: Mapping[str, Mapping[str, Resolver]] = {
    "Query": {"getCart": resolve_get_cart},
    "Mutation": {
        "cancelOrder": resolve_cancel_order,
        "createCart": resolve_create_cart,
    },
}


# --- schema ---------------------------------------------------------------------------


@cache
def _schema_document() -> DocumentNode:
    return parse(SCHEMA_PATH.read_text(encoding="utf-8"))


def build_rye_schema(
    resolvers: Mapping[str, Mapping[str, Resolver]] = RESOLVERS,
) -> GraphQLSchema:
    """A fresh schema each call: binding resolvers mutates it, so servers share none."""
    schema = build_ast_schema(_schema_document())
    for type_name, fields in resolvers.items():
        object_type = schema.get_type(type_name)
        assert isinstance(object_type, GraphQLObjectType), type_name
        for field_name, resolve in fields.items():
            object_type.fields[field_name].resolve = resolve
    return schema


# --- HTTP -----------------------------------------------------------------------------


class RyeServer(BackgroundServer):
    """The schema served over HTTP on 127.0.0.1, recording every request it receives.

    The socket is bound in the constructor, so `url` is reachable as soon as `start()`
    returns: requests made before the serving thread runs wait in the listen backlog.
    """

    def __init__(self, schema: GraphQLSchema | None = None) -> None:
        self.schema = schema if schema is not None else build_rye_schema()
        self._requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._httpd = _HTTPServer(self)
        self._serve_in_background(self._httpd, "rye-test-server")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_port}{ENDPOINT_PATH}"

    @property
    def requests(self) -> list[RecordedRequest]:
        """A snapshot, in arrival order."""
        with self._lock:
            return list(self._requests)

    def forget_last_request(self) -> None:
        with self._lock:
            self._requests.pop()

    def execute(self, body: Mapping[str, Any]) -> JSON:
        return execute_graphql(self.schema, body)

    def record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)


class _HTTPServer(ThreadingHTTPServer):
    def __init__(self, app: RyeServer) -> None:
        super().__init__(("127.0.0.1", 0), _GraphQLHandler)
        self.app = app


class _GraphQLHandler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        app = cast(_HTTPServer, self.server).app
        headers = {name.lower(): value for name, value in self.headers.items()}
        body = self._read_json()
        status, answer = self._answer(app, body)
        # Record before replying: once the client has its reply, the request is listed.
        app.record(RecordedRequest(headers=headers, body=body, response=answer))
        self._send_json(status, answer)

    def _answer(self, app: RyeServer, body: Any) -> tuple[HTTPStatus, JSON]:
        if self.path != ENDPOINT_PATH:
            message = f"No route {self.path}"
            return HTTPStatus.NOT_FOUND, {"errors": [{"message": message}]}
        if not isinstance(body, dict) or not isinstance(body.get("query"), str):
            message = "Expected a JSON object with a string `query`"
            return HTTPStatus.BAD_REQUEST, {"errors": [{"message": message}]}
        # Parse and validation errors are GraphQL results too: 200 with `errors`.
        return HTTPStatus.OK, app.execute(body)

    def _read_json(self) -> Any:
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            return json.loads(raw)
        except ValueError:
            return None

    def _send_json(self, status: HTTPStatus, answer: JSON) -> None:
        payload = json.dumps(answer).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output clean; failures show up in `RyeServer.requests` instead."""
